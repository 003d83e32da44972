// Every test that binds 127.0.0.1:1455/1457 lives in this one file, so no two run at once; the
// machine-wide lock (helpers/fixed-ports.ts) keeps copies of this file in other checkouts out too.
// Browser sign-in end to end: `codex-auth login` → headless Chromium on the embedded issuer's
// sign-in page → the loopback callback → the success (or error) page, and the CLI's exit.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { fingerprint, startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { holdFixedPorts } from '../../helpers/fixed-ports.js';
import { baseEnv, runOfficial, tempDir, tempHomes } from '../../helpers/run.js';
import { AUTHORIZE_URL, launchChromium, readAuth, startOfficial, startOurs, type LiveRun } from './helpers.js';

let browser: Browser;
let issuer: RunningIssuer;
let releasePorts: (() => Promise<void>) | undefined;
const homes = tempHomes('codex-auth-login-e2e-');
const live: LiveRun[] = [];

afterEach(async () => {
  for (const r of live.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await r.exit;
  }
});

before(async () => {
  releasePorts = await holdFixedPorts();
  browser = await launchChromium();
  issuer = await startIssuer({ admin: true, clientIds: ['app_EMoamEEZ73f0CkXaXp7hrann', 'app_custom_client'] });
});

after(async () => {
  await browser?.close();
  await issuer?.close();
  homes.cleanup();
  await releasePorts?.();
});

const home = homes.make;

function login(codexHome: string, extraArgs: string[] = [], env: Record<string, string | undefined> = {}): LiveRun {
  const r = startOurs(['login', '--issuer', issuer.url, ...extraArgs], baseEnv(codexHome, env));
  live.push(r);
  return r;
}

/** Waits until the login printed its whole start block; resolves the authorize URL. */
async function started(run: LiveRun): Promise<string> {
  await run.waitFor(/Waiting for the sign-in/);
  return (await run.waitFor(AUTHORIZE_URL))[1]!;
}

async function signIn(page: Page, url: string, account?: RegExp): Promise<void> {
  await page.goto(url);
  if (account) await page.getByRole('radio', { name: account }).check();
  await page.click('button[name=decision][value=allow]');
}

test('sign-in through the issuer page: callback, success page, auth.json as 0.169.0 writes it, official status', async () => {
  const h = home();
  const run = login(h);
  const url = await started(run);
  assert.match(run.stderr(), /^Starting local login server on http:\/\/localhost:1455\.\nIf your browser did not open, navigate to this URL to authenticate:\n\nhttp/);
  assert.match(run.stderr(), /\n\nOn a remote or headless machine\? Use `codex login --device-auth` instead\.\n/);
  assert.match(run.stderr(), /No browser was opened \((no display|container)\)/);
  const u = new URL(url!);
  assert.deepEqual([...u.searchParams.keys()], [
    'response_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state', 'scope',
    'id_token_add_organizations', 'codex_cli_simplified_flow', 'originator',
  ]);
  assert.equal(u.searchParams.get('redirect_uri'), 'http://127.0.0.1:1455/auth/callback');
  assert.match(url!, /scope=openid\+profile\+email\+offline_access\+api\.connectors\.read\+api\.connectors\.invoke/);
  const page = await browser.newPage();
  await signIn(page, url!);
  await page.waitForURL(/127\.0\.0\.1:1455\/success/);
  assert.equal(await page.title(), 'Signed in to Codex');
  assert.match(await page.textContent('body') ?? '', /You may now close this page/);
  await page.close();
  const r = await run.exit;
  assert.equal(r.code, 0);
  assert.match(run.stderr(), /\nSuccessfully logged in\n$/);
  assert.equal(run.stdout(), '');
  const auth = readAuth(h);
  assert.deepEqual(Object.keys(auth), ['auth_mode', 'OPENAI_API_KEY', 'tokens', 'last_refresh']);
  assert.equal(auth.auth_mode, 'chatgpt');
  assert.match(String(auth.OPENAI_API_KEY), /^sk-/);
  assert.deepEqual(Object.keys(auth.tokens), ['id_token', 'access_token', 'refresh_token', 'oauth_provenance', 'login_owner_id', 'account_id']);
  assert.deepEqual(auth.tokens.oauth_provenance, { issuer: issuer.url, client_id: 'app_EMoamEEZ73f0CkXaXp7hrann' });
  assert.match(auth.tokens.login_owner_id, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(auth.tokens.account_id, 'ws-dev-personal');
  assert.match(auth.last_refresh, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  const official = await runOfficial(['login', 'status'], { env: baseEnv(h) });
  assert.equal(official.stderr.trim(), 'Logged in using ChatGPT');
  assert.equal(official.code, 0);
  // The port is free again.
  await new Promise<void>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(1455, '127.0.0.1', () => s.close(() => resolve()));
  });
});

function assertNoAuth(h: string) {
  assert.equal(existsSync(join(h, 'auth.json')), false, 'nothing may be written');
}

test('deny on the issuer page: error page, reference stderr lines, exit 1, nothing written (BROWSER gets the URL)', async () => {
  const h = home();
  const opened = join(h, 'browser-arg.txt');
  const script = join(h, 'fake-browser.sh');
  writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
  const run = login(h, [], { BROWSER: script });
  const url = await started(run);
  for (let i = 0; i < 100 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(readFileSync(opened, 'utf8'), url, 'BROWSER ran with the URL as its only argument');
  assert.doesNotMatch(run.stderr(), /No browser was opened/);
  const page = await browser.newPage();
  await page.goto(url);
  await page.click('button[name=decision][value=deny]');
  await page.waitForURL(/127\.0\.0\.1:1455\/auth\/callback/);
  assert.equal(await page.title(), 'Codex Sign-in Error');
  const body = (await page.textContent('body')) ?? '';
  assert.match(body, /Sign-in could not be completed/);
  assert.match(body, /access_denied/);
  await page.close();
  const r = await run.exit;
  assert.equal(r.code, 1);
  assert.match(
    run.stderr(),
    /\nOAuth callback error: Sign-in failed: The user denied the sign-in request\.\nError logging in: Sign-in failed: The user denied the sign-in request\.\n$/,
  );
  assertNoAuth(h);
});

test('entitlement missing: the reference copy on the page and in the terminal', async () => {
  const h = home();
  const run = login(h);
  const url = await started(run);
  const page = await browser.newPage();
  await signIn(page, url, /nocodex@example\.com/);
  await page.waitForURL(/127\.0\.0\.1:1455\/auth\/callback/);
  const body = (await page.textContent('body')) ?? '';
  assert.match(body, /You do not have access to Codex/);
  assert.match(body, /Contact your workspace administrator/);
  assert.doesNotMatch(body, /missing_codex_entitlement/);
  await page.close();
  assert.equal((await run.exit).code, 1);
  assert.match(
    run.stderr(),
    /\nError logging in: Codex is not enabled for your workspace\. Contact your workspace administrator to request access to Codex\.\n$/,
  );
  assertNoAuth(h);
});

test('workspace mismatch (an issuer that ignores allowed_workspace_id): refused before anything is saved', async () => {
  const h = home();
  const run = login(h, ['-c', 'forced_chatgpt_workspace_id=["ws-other","ws-more"]']);
  const url = await started(run);
  const u = new URL(url);
  assert.equal([...u.searchParams.keys()].at(-1), 'allowed_workspace_id');
  assert.equal(u.searchParams.get('allowed_workspace_id'), 'ws-other,ws-more');
  u.searchParams.delete('allowed_workspace_id');
  const page = await browser.newPage();
  await signIn(page, u.toString());
  await page.waitForURL(/127\.0\.0\.1:1455\/auth\/callback/);
  assert.match((await page.textContent('body')) ?? '', /workspace_restriction/);
  await page.close();
  assert.equal((await run.exit).code, 1);
  assert.match(
    run.stderr(),
    /\nWorkspace restriction error: Login is restricted to workspace id\(s\) ws-other, ws-more\.\nError logging in: Login is restricted to workspace id\(s\) ws-other, ws-more\.\n$/,
  );
  assertNoAuth(h);
});

test('1455 held by another program: one /cancel to it, then 1457 is used end to end', async () => {
  const seen: string[] = [];
  const squatter: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.end('busy');
  });
  await new Promise<void>((r) => squatter.listen(1455, '127.0.0.1', () => r()));
  try {
    const h = home();
    const run = login(h);
    const url = await started(run);
    assert.match(run.stderr(), /^Starting local login server on http:\/\/localhost:1457\./);
    assert.equal(new URL(url).searchParams.get('redirect_uri'), 'http://127.0.0.1:1457/auth/callback');
    assert.deepEqual(seen, ['GET /cancel']);
    const page = await browser.newPage();
    await signIn(page, url);
    await page.waitForURL(/127\.0\.0\.1:1457\/success/);
    await page.close();
    assert.equal((await run.exit).code, 0);
    assert.equal(readAuth(h).auth_mode, 'chatgpt');
  } finally {
    await new Promise<void>((r) => squatter.close(() => r()));
  }
});

test('a second login cancels the first (Login cancelled, exit 1) and takes 1455 over', async () => {
  const h = home();
  const first = login(h);
  await started(first);
  const second = login(h);
  const firstExit = await first.exit;
  assert.equal(firstExit.code, 1);
  assert.match(first.stderr(), /\nError logging in: Login cancelled\n$/);
  const url = await started(second);
  assert.match(second.stderr(), /^Starting local login server on http:\/\/localhost:1455\./);
  const page = await browser.newPage();
  await signIn(page, url);
  await page.waitForURL(/127\.0\.0\.1:1455\/success/);
  await page.close();
  assert.equal((await second.exit).code, 0);
});

const OLD_AUTH = { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-previous-1234567890' };

test('Ctrl-C while waiting: exit 130, port freed, the previous credentials untouched', async () => {
  const h = home();
  writeFileSync(join(h, 'auth.json'), JSON.stringify(OLD_AUTH, null, 2));
  const run = login(h);
  await started(run);
  run.child.kill('SIGINT');
  const r = await run.exit;
  assert.equal(r.code, 130);
  assert.doesNotMatch(run.stderr(), /Error logging in/);
  assert.deepEqual(readAuth(h), OLD_AUTH);
  await new Promise<void>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(1455, '127.0.0.1', () => s.close(() => resolve()));
  });
});

test('pasted URL: the browser cannot reach the callback, the address pasted into the terminal completes the login', async () => {
  const h = home();
  const run = login(h);
  const url = await started(run);
  const page = await browser.newPage();
  let callback = '';
  // The issuer's redirect to the loopback callback never reaches this machine: we take its
  // Location and show the browser a dead end instead.
  await page.route(/\/oauth\/authorize\/decision$/, async (route) => {
    const resp = await route.fetch({ maxRedirects: 0 });
    callback = resp.headers()['location'] ?? '';
    await route.fulfill({ status: 502, contentType: 'text/plain', body: 'This site can\u2019t be reached' });
  });
  await signIn(page, url);
  for (let i = 0; i < 100 && callback === ''; i++) await new Promise((r) => setTimeout(r, 50));
  await page.close();
  assert.match(callback, /\/auth\/callback\?code=.+&state=/);
  run.child.stdin.write('not a url\n');
  await run.waitFor(/That is not the sign-in address/);
  const wrongState = new URL(callback);
  wrongState.searchParams.set('state', 'somebody-else');
  run.child.stdin.write(`${wrongState}\n`);
  await run.waitFor(/state mismatch/);
  run.child.stdin.write(`${callback}\n`);
  const r = await run.exit;
  assert.equal(r.code, 0, run.stderr());
  assert.match(run.stderr(), /\nSuccessfully logged in\n$/);
  assert.equal(readAuth(h).tokens.account_id, 'ws-dev-personal');
});

test('the replaced ChatGPT credentials are revoked at their issuer only after the new sign-in succeeded', async () => {
  const h = home();
  const old = await issuer.admin.mintTokens({ account: 'team@example.com', workspace: 'ws-team-alpha' });
  writeFileSync(
    join(h, 'auth.json'),
    JSON.stringify({
      auth_mode: 'chatgpt',
      OPENAI_API_KEY: null,
      tokens: {
        id_token: old.id_token,
        access_token: old.access_token,
        refresh_token: old.refresh_token,
        oauth_provenance: { issuer: issuer.url, client_id: 'app_EMoamEEZ73f0CkXaXp7hrann' },
        account_id: 'ws-team-alpha',
      },
      last_refresh: '2026-01-01T00:00:00.000000000Z',
    }),
  );
  issuer.admin.clearRequests();
  const run = login(h);
  const url = await started(run);
  assert.deepEqual(issuer.admin.requests({ path: '/oauth/revoke' }), [], 'nothing is revoked when the login starts');
  const page = await browser.newPage();
  await signIn(page, url);
  await page.waitForURL(/\/success/);
  await page.close();
  assert.equal((await run.exit).code, 0);
  const revokes = issuer.admin.requests({ path: '/oauth/revoke' });
  assert.equal(revokes.length, 1);
  assert.equal(revokes[0]!.body?.['token'], fingerprint(old.refresh_token));
  assert.equal(revokes[0]!.body?.['token_type_hint'], 'refresh_token');
  assert.equal(issuer.admin.family(old.refresh_token).status, 'revoked');
  assert.equal(readAuth(h).tokens.account_id, 'ws-dev-personal');
});

/** A GET to our callback server, as a browser would send it. */
async function callback(query: string, port = 1455): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/auth/callback?${query}`, { redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

test('callback rows through the CLI: state mismatch keeps waiting; error=server_error; missing code', async () => {
  const h = home();
  const run = login(h);
  const state = new URL(await started(run)).searchParams.get('state')!;
  const mismatch = await callback('code=x&state=wrong');
  assert.deepEqual(mismatch, { status: 400, body: 'State mismatch' });
  const err = await callback(`error=server_error&state=${state}`);
  assert.equal(err.status, 200);
  assert.match(err.body, /server_error/);
  assert.equal((await run.exit).code, 1);
  assert.match(run.stderr(), /\nOAuth callback error: Sign-in failed: server_error\nError logging in: Sign-in failed: server_error\n$/);

  const run2 = login(h);
  const state2 = new URL(await started(run2)).searchParams.get('state')!;
  const missing = await callback(`state=${state2}`);
  assert.equal(missing.status, 200);
  assert.match(missing.body, /missing_authorization_code/);
  assert.equal((await run2.exit).code, 1);
  assert.match(run2.stderr(), /\nError logging in: Missing authorization code\. Sign-in could not be completed\.\n$/);
  assertNoAuth(h);
});

test('token exchange fails (a code the issuer never issued): both reference lines, exit 1, nothing written', async () => {
  const h = home();
  const run = login(h);
  const state = new URL(await started(run)).searchParams.get('state')!;
  const r = await callback(`code=forged-code&state=${state}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /token_exchange_failed/);
  assert.equal((await run.exit).code, 1);
  assert.match(
    run.stderr(),
    /\nToken exchange error: token endpoint returned status 400 Bad Request: .+\nError logging in: Token exchange failed: token endpoint returned status 400 Bad Request: .+\n$/,
  );
  assert.doesNotMatch(run.stderr(), /forged-code/, 'the code never appears in output');
  assertNoAuth(h);
});

test('1455 and 1457 both held: "Port 127.0.0.1:1457 is already in use", exit 1', async () => {
  const squatters = [createServer((q, s) => s.end()), createServer((q, s) => s.end())];
  await Promise.all(squatters.map((s, i) => new Promise<void>((r) => s.listen(i === 0 ? 1455 : 1457, '127.0.0.1', () => r()))));
  try {
    const run = login(home());
    const r = await run.exit;
    assert.equal(r.code, 1);
    assert.equal(run.stderr(), 'Error logging in: Port 127.0.0.1:1457 is already in use\n');
  } finally {
    await Promise.all(squatters.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
});

test('interop: our login takes 1455 over from a waiting official `codex login` via /cancel', async () => {
  const theirs = startOfficial(['login'], baseEnv(home(), { BROWSER: 'true' }));
  live.push(theirs);
  await theirs.waitFor(/Starting local login server on http:\/\/localhost:1455\./, 'stderr', 30_000);
  const ours = login(home());
  const r = await theirs.exit;
  assert.equal(r.code, 1);
  assert.match(theirs.stderr(), /Error logging in: Login cancelled/);
  await started(ours);
  assert.match(ours.stderr(), /^Starting local login server on http:\/\/localhost:1455\./);
  ours.child.kill('SIGINT');
  assert.equal((await ours.exit).code, 130);
});

test('--experimental_client-id applies to the browser flow too: authorize URL, exchange, provenance', async () => {
  const h = home();
  const run = login(h, ['--experimental_client-id', 'app_custom_client']);
  const url = await started(run);
  assert.equal(new URL(url).searchParams.get('client_id'), 'app_custom_client');
  const page = await browser.newPage();
  await signIn(page, url);
  await page.waitForURL(/\/success/);
  await page.close();
  assert.equal((await run.exit).code, 0, run.stderr());
  assert.deepEqual(readAuth(h).tokens.oauth_provenance, { issuer: issuer.url, client_id: 'app_custom_client' });
});

test('a failed API-key exchange does not fail the sign-in: OPENAI_API_KEY is null', async () => {
  const h = home();
  const id = issuer.admin.addFault({ path: '/oauth/token', match: { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange' }, status: 400, body: { error: 'invalid_request' } });
  try {
    const run = login(h);
    const url = await started(run);
    const page = await browser.newPage();
    await signIn(page, url);
    await page.waitForURL(/\/success/);
    await page.close();
    assert.equal((await run.exit).code, 0, run.stderr());
    const auth = readAuth(h);
    assert.equal(auth.OPENAI_API_KEY, null);
    assert.equal(auth.auth_mode, 'chatgpt');
  } finally {
    issuer.admin.clearFaults(id);
  }
});
