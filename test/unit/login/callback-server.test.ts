import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CallbackFailure, CallbackServer, callbackErrorMessage, stateMatches } from '../../../src/login/browser/callback-server.js';
import type { SuccessPageInput } from '../../../src/login/browser/pages.js';
import { isCodexAuthError } from '../../../src/errors.js';

const STATE = 'st4te-abcdefghijklmnopqrstuvwxyz0123456789ABC';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, host = `127.0.0.1:${port}`, method = 'GET', extra: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: host, ...extra } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const OK_INFO: SuccessPageInput = { needsSetup: false, platformUrl: 'https://platform.openai.com', idToken: 'h.p.s', orgId: 'org-1', projectId: '', planType: 'plus' };

async function start(complete?: (code: string) => Promise<SuccessPageInput>, graceMs = 5_000) {
  const lines: string[] = [];
  const codes: string[] = [];
  const server = new CallbackServer({
    state: STATE,
    warn: (l) => lines.push(l),
    successGraceMs: graceMs,
    complete: async (code) => {
      codes.push(code);
      return complete ? complete(code) : OK_INFO;
    },
  });
  await new Promise<void>((r) => server.server.listen(0, '127.0.0.1', () => r()));
  const addr = server.server.address();
  server.setPort(typeof addr === 'object' && addr ? addr.port : 0);
  return { server, lines, codes, port: server.boundPort };
}

async function outcome(server: CallbackServer): Promise<unknown> {
  try {
    await server.result;
    return 'ok';
  } catch (e) {
    return e;
  }
}

test('a good callback redirects to /success, and only /success ends the login', async () => {
  const { server, port, codes } = await start();
  const r = await get(port, `/auth/callback?code=c0de&state=${STATE}`);
  assert.equal(r.status, 302);
  const loc = new URL(String(r.headers.location));
  assert.equal(loc.origin, `http://127.0.0.1:${port}`);
  assert.equal(loc.pathname, '/success');
  assert.equal(loc.searchParams.get('needs_setup'), 'false');
  assert.equal(loc.searchParams.get('org_id'), 'org-1');
  assert.equal(loc.searchParams.get('plan_type'), 'plus');
  assert.equal(loc.searchParams.get('platform_url'), 'https://platform.openai.com');
  assert.equal(loc.searchParams.has('id_token'), false, 'the id_token stays out of the browser URL unless org setup needs it');
  assert.deepEqual(codes, ['c0de']);
  assert.equal(server.isFinished, false);
  const s = await get(port, loc.pathname + loc.search);
  assert.equal(s.status, 200);
  assert.match(String(s.headers['content-type']), /^text\/html; charset=utf-8/);
  assert.match(s.body, /Signed in to Codex/);
  assert.equal(await outcome(server), 'ok');
});

test('the state is single-use: a replayed callback is refused and the exchange does not run again', async () => {
  const { server, port, codes } = await start();
  assert.equal((await get(port, `/auth/callback?code=c1&state=${STATE}`)).status, 302);
  const again = await get(port, `/auth/callback?code=c1&state=${STATE}`);
  assert.equal(again.status, 400);
  assert.match(again.body, /already used/);
  assert.deepEqual(codes, ['c1']);
  server.fail(new Error('end'));
});

test('GET /success before a completed callback does not end the login', async () => {
  const { server, port } = await start();
  const r = await get(port, '/success?id_token=x&needs_setup=false');
  assert.equal(r.status, 400);
  assert.match(r.body, /No sign-in has completed yet/);
  assert.equal(server.isFinished, false);
  // The real callback still works afterwards.
  assert.equal((await get(port, `/auth/callback?code=c&state=${STATE}`)).status, 302);
  assert.equal((await get(port, '/success')).status, 200);
  assert.equal(await outcome(server), 'ok');
});

test('requests for another Host are refused (DNS rebinding); 127.0.0.1 and localhost are accepted', async () => {
  const { server, port, codes } = await start();
  const evil = await get(port, `/auth/callback?code=c&state=${STATE}`, `evil.example:${port}`);
  assert.equal(evil.status, 403);
  assert.equal((await get(port, '/cancel', `127.0.0.1:${port + 1}`)).status, 403);
  assert.equal(server.isFinished, false, 'a refused /cancel does not cancel');
  assert.deepEqual(codes, []);
  assert.equal((await get(port, '/nope', `localhost:${port}`)).status, 404);
  assert.equal((await get(port, '/nope', `LOCALHOST:${port}`)).status, 404);
  server.fail(new Error('end'));
});

test('wrong or missing state: 400 State mismatch, keeps waiting (even with error=)', async () => {
  const { server, port, codes } = await start();
  for (const q of ['code=c&state=other', 'code=c', 'error=access_denied&state=nope']) {
    const r = await get(port, `/auth/callback?${q}`);
    assert.equal(r.status, 400);
    assert.equal(r.body, 'State mismatch');
    assert.match(String(r.headers['content-type']), /^text\/plain; charset=UTF-8/);
  }
  assert.equal(server.isFinished, false);
  assert.deepEqual(codes, []);
  // the allow-listed suffix is accepted
  assert.equal(stateMatches(STATE, `${STATE}.onboarding_entrypoint=life_sciences`), true);
  assert.equal(stateMatches(STATE, `${STATE}.onboarding_entrypoint=other`), false);
  assert.equal(stateMatches(STATE, `${STATE}.onboarding_entrypoint=life_sciences.onboarding_entrypoint=life_sciences`), false);
  server.fail(new Error('end'));
});

test('unknown paths are 404 Not Found; method is not checked', async () => {
  const { server, port } = await start();
  for (const p of ['/', '/auth/callback/', '/AUTH/CALLBACK', '/cancel/']) {
    const r = await get(port, p);
    assert.equal(r.status, 404);
    assert.equal(r.body, 'Not Found');
  }
  const post = await get(port, `/auth/callback?code=c&state=${STATE}`, `127.0.0.1:${port}`, 'POST');
  assert.equal(post.status, 302);
  server.fail(new Error('end'));
});

test('/cancel answers "Login cancelled" and ends the login with that error; the port is freed', async () => {
  const { server, port } = await start();
  const r = await get(port, '/cancel');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'Login cancelled');
  const e = await outcome(server);
  assert.ok(isCodexAuthError(e, 'login.cancelled'));
  assert.equal((e as Error).message, 'Login cancelled');
  await server.close();
  assert.equal(server.server.listening, false);
});

test('/cancel from a web page (cross-site Origin or Sec-Fetch-Site) is refused; the second-process hand-over still cancels', async () => {
  const { server, port } = await start();
  const crossSite: Array<Record<string, string>> = [
    { Origin: 'https://evil.example' },
    { Origin: 'null' },
    { Origin: `http://127.0.0.1:${port + 1}` },
    { 'Sec-Fetch-Site': 'cross-site' },
    { 'Sec-Fetch-Site': 'same-site' },
    { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' },
  ];
  for (const h of crossSite) {
    const r = await get(port, '/cancel', `127.0.0.1:${port}`, 'GET', h);
    assert.equal(r.status, 403, JSON.stringify(h));
    assert.equal(server.isFinished, false, `a web page cancelled the sign-in with ${JSON.stringify(h)}`);
  }
  // Typed into the address bar (Sec-Fetch-Site: none), or our own page: still a cancel.
  const own = await get(port, '/cancel', `127.0.0.1:${port}`, 'GET', { 'Sec-Fetch-Site': 'none' });
  assert.equal(own.status, 200);
  assert.ok(isCodexAuthError(await outcome(server), 'login.cancelled'));
  await server.close();
  // The hand-over of a second login process (port.ts's raw request) cancels.
  const second = await start();
  const { sendRawCancel } = await import('../../../src/login/browser/port.js');
  await sendRawCancel(second.port);
  assert.ok(isCodexAuthError(await outcome(second.server), 'login.cancelled'));
  await second.server.close();
});

test('error=access_denied with a description: error page, stderr line, login fails', async () => {
  const { server, port, lines } = await start();
  const r = await get(port, `/auth/callback?error=access_denied&error_description=User+said+%3Cb%3Eno%3C%2Fb%3E&state=${STATE}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>Codex Sign-in Error<\/title>/);
  assert.match(r.body, /Sign-in could not be completed/);
  assert.match(r.body, /access_denied/);
  assert.match(r.body, /User said &lt;b&gt;no&lt;\/b&gt;/);
  assert.doesNotMatch(r.body, /<b>no<\/b>/);
  const e = await outcome(server);
  assert.equal((e as Error).message, 'Sign-in failed: User said <b>no</b>');
  assert.deepEqual(lines, ['OAuth callback error: Sign-in failed: User said <b>no</b>']);
});

test('error without description; missing entitlement copy', () => {
  assert.equal(callbackErrorMessage('server_error', null).message, 'Sign-in failed: server_error');
  const ent = callbackErrorMessage('access_denied', 'MISSING_CODEX_ENTITLEMENT');
  assert.equal(ent.message, 'Codex is not enabled for your workspace. Contact your workspace administrator to request access to Codex.');
  assert.equal(ent.page.title, 'You do not have access to Codex');
  assert.equal(ent.page.errorCode, 'access_denied');
  assert.doesNotMatch(JSON.stringify(ent.page), /missing_codex_entitlement/i);
});

test('callback without code: missing_authorization_code page and message', async () => {
  const { server, port } = await start();
  const r = await get(port, `/auth/callback?state=${STATE}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /missing_authorization_code/);
  const e = await outcome(server);
  assert.equal((e as Error).message, 'Missing authorization code. Sign-in could not be completed.');
});

test('a failing completion shows its page and rejects with its error', async () => {
  const { server, port } = await start(async () => {
    throw new CallbackFailure('oauth.token_endpoint', 'Token exchange failed: token endpoint returned status 400 Bad Request: bad <code>', {
      errorCode: 'token_exchange_failed',
    });
  });
  const r = await get(port, `/auth/callback?code=c&state=${STATE}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /token_exchange_failed/);
  assert.match(r.body, /bad &lt;code&gt;/);
  const e = await outcome(server);
  assert.ok(isCodexAuthError(e, 'oauth.token_endpoint'));
});

test('after a completed callback the login ends by itself if the browser never fetches /success', async () => {
  const { server, port } = await start(undefined, 50);
  assert.equal((await get(port, `/auth/callback?code=c&state=${STATE}`)).status, 302);
  assert.equal(await outcome(server), 'ok');
});

test('a pasted callback completes the login without a browser; replay and mismatch are reported', async () => {
  const { server, codes } = await start();
  assert.deepEqual(await server.processPasted(new URLSearchParams({ code: 'p', state: 'zzz' })), { kind: 'state_mismatch' });
  const o = await server.processPasted(new URLSearchParams({ code: 'p', state: STATE }));
  assert.equal(o.kind, 'redirect');
  assert.equal(await outcome(server), 'ok');
  assert.deepEqual(await server.processPasted(new URLSearchParams({ code: 'p', state: STATE })), { kind: 'already_used' });
  assert.deepEqual(codes, ['p']);
});
