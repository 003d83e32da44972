import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestUserCode, parseInterval } from '../../../src/oauth/device-usercode.js';
import { pollDeviceToken, deviceTimeoutError } from '../../../src/oauth/device-poll.js';
import { exchangeDeviceCode } from '../../../src/oauth/device-exchange.js';
import { isCodexAuthError, type CodexAuthErrorCode } from '../../../src/errors.js';
import { always, fakeServer, REFUSED_URL, type Handler } from './fake-server.js';

async function usercode(handler: Handler, issuerSuffix = '') {
  const srv = await fakeServer(handler);
  try {
    const r = await requestUserCode({ fetch, issuer: srv.url + issuerSuffix }).then(
      (ok) => ({ ok, err: undefined }),
      (err: unknown) => ({ ok: undefined, err }),
    );
    return { ...r, srv };
  } finally {
    await srv.close();
  }
}

test('usercode: JSON {"client_id"} to <issuer>/api/accounts/deviceauth/usercode, no Codex headers', async () => {
  const r = await usercode(always(200, '{"device_auth_id":"dev-1","user_code":"FAKE-1234","interval":"1"}'));
  assert.deepEqual(r.ok, { deviceAuthId: 'dev-1', userCode: 'FAKE-1234', intervalSeconds: 1, verificationUrl: `${r.srv.url}/codex/device` });
  const req = r.srv.requests[0]!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/api/accounts/deviceauth/usercode');
  assert.equal(req.body, '{"client_id":"app_EMoamEEZ73f0CkXaXp7hrann"}');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['originator'], undefined);
});

test('usercode: an issuer with a path prefix and a trailing slash; `usercode` alias; custom client id', async () => {
  const srv = await fakeServer(always(200, '{"device_auth_id":"d","usercode":"U-1"}'));
  const r = await requestUserCode({ fetch, issuer: `${srv.url}/prefix/`, clientId: 'other' });
  await srv.close();
  assert.equal(srv.requests[0]!.path, '/prefix/api/accounts/deviceauth/usercode');
  assert.equal(srv.requests[0]!.body, '{"client_id":"other"}');
  assert.equal(r.userCode, 'U-1');
  assert.equal(r.intervalSeconds, 0);
  assert.equal(r.verificationUrl, `${srv.url}/prefix/codex/device`);
});

test('usercode interval: string (trimmed), number (better than the reference), absent → 0; junk is an error', () => {
  assert.equal(parseInterval('2'), 2);
  assert.equal(parseInterval(' 2 '), 2);
  assert.equal(parseInterval(5), 5);
  assert.equal(parseInterval(undefined), 0);
  assert.throws(() => parseInterval('soon'), /invalid device code polling interval: "soon"/);
  assert.throws(() => parseInterval(-1), /invalid device code polling interval: -1/);
});

// codex-cli-observed.md §2.2 device-flow table (the texts after `Error logging in: `).
const USERCODE_ROWS: Array<[string, number, string, CodexAuthErrorCode, string]> = [
  ['404', 404, '', 'oauth.device_not_enabled', 'device code login is not enabled for this Codex server. Use the browser login or verify the server URL.'],
  ['500', 500, '', 'oauth.device_request_failed', 'device code request failed with status 500 Internal Server Error'],
  ['503', 503, '', 'oauth.device_request_failed', 'device code request failed with status 503 Service Unavailable'],
  ['body hello', 200, 'hello', 'oauth.device_request_failed', 'expected value at line 1 column 1'],
  ['missing device_auth_id', 200, '{"user_code":"x"}', 'oauth.device_request_failed', 'missing field `device_auth_id` at line 1 column 17'],
  ['missing user_code', 200, '{"device_auth_id":"d"}', 'oauth.device_request_failed', 'missing field `user_code` at line 1 column 22'],
];
for (const [name, status, body, code, message] of USERCODE_ROWS) {
  test(`usercode ${name} → ${message}`, async () => {
    const r = await usercode(always(status, body));
    assert.ok(isCodexAuthError(r.err, code), String(r.err));
    assert.equal((r.err as Error).message, message);
  });
}

test('usercode connection refused → error sending request for url (<url>)', async () => {
  await assert.rejects(requestUserCode({ fetch, issuer: REFUSED_URL }), (e: unknown) =>
    isCodexAuthError(e, 'oauth.transport') && e.message === 'error sending request for url (http://127.0.0.1:1/api/accounts/deviceauth/usercode)',
  );
});

test('poll: 403 and 404 are pending; 200 gives the code and the PKCE pair; body is the observed JSON', async () => {
  const answers = [403, 404, 200];
  const srv = await fakeServer(() => {
    const status = answers.shift()!;
    return { status, body: status === 200 ? '{"authorization_code":"ac","code_challenge":"ch","code_verifier":"cv"}' : '{"error":"pending"}' };
  });
  const p = { fetch, issuer: srv.url, deviceAuthId: 'dev-auth-fake-1', userCode: 'FAKE-1234' };
  assert.deepEqual(await pollDeviceToken(p), { status: 'pending' });
  assert.deepEqual(await pollDeviceToken(p), { status: 'pending' });
  assert.deepEqual(await pollDeviceToken(p), { status: 'authorized', authorizationCode: 'ac', codeChallenge: 'ch', codeVerifier: 'cv' });
  await srv.close();
  assert.equal(srv.requests.length, 3);
  for (const req of srv.requests) {
    assert.equal(req.path, '/api/accounts/deviceauth/token');
    assert.equal(req.body, '{"device_auth_id":"dev-auth-fake-1","user_code":"FAKE-1234"}');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['originator'], undefined);
  }
});

for (const [status, line] of [[500, '500 Internal Server Error'], [401, '401 Unauthorized']] as const) {
  test(`poll ${status} → device auth failed with status ${line}`, async () => {
    const srv = await fakeServer(always(status, '{"error":"invalid_client"}'));
    await assert.rejects(pollDeviceToken({ fetch, issuer: srv.url, deviceAuthId: 'd', userCode: 'u' }), (e: unknown) =>
      isCodexAuthError(e, 'oauth.device_auth_failed') && e.message === `device auth failed with status ${line}`,
    );
    await srv.close();
  });
}

test('poll: a 200 missing code_verifier is an error naming the field', async () => {
  const srv = await fakeServer(always(200, '{"authorization_code":"a","code_challenge":"c"}'));
  await assert.rejects(pollDeviceToken({ fetch, issuer: srv.url, deviceAuthId: 'd', userCode: 'u' }), /missing field `code_verifier` at line 1 column 47/);
  await srv.close();
});

test('device timeout error text', () => {
  const e = deviceTimeoutError();
  assert.equal(e.code, 'oauth.device_timeout');
  assert.equal(e.message, 'device auth timed out after 15 minutes');
});

const TOKENS = '{"id_token":"h.p.s","access_token":"a","refresh_token":"r"}';

test('device exchange: redirect_uri <issuer>/deviceauth/callback and the server-made verifier, observed order', async () => {
  const srv = await fakeServer(always(200, TOKENS));
  const r = await exchangeDeviceCode({ fetch, issuer: `${srv.url}/`, clientId: 'cid', authorizationCode: 'ac', codeVerifier: 'cv' });
  await srv.close();
  assert.deepEqual(r, { idToken: 'h.p.s', accessToken: 'a', refreshToken: 'r' });
  const req = srv.requests[0]!;
  assert.equal(req.path, '/oauth/token');
  assert.equal(
    req.body,
    `grant_type=authorization_code&client_id=cid&code=ac&redirect_uri=${encodeURIComponent(`${srv.url}/deviceauth/callback`)}&code_verifier=cv`,
  );
  assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(req.headers['originator'], undefined);
});

const EXCHANGE_ROWS: Array<[number, string, CodexAuthErrorCode, string]> = [
  [400, '{"error":"invalid_grant"}', 'oauth.token_endpoint', 'device code exchange failed: token endpoint returned status 400 Bad Request: invalid_grant'],
  [401, '', 'oauth.token_endpoint', 'device code exchange failed: token endpoint returned status 401 Unauthorized: unknown error'],
  [200, '{"access_token":"a","refresh_token":"r"}', 'oauth.invalid_token_response', 'device code exchange failed: OAuth token response is invalid'],
];
for (const [status, body, code, message] of EXCHANGE_ROWS) {
  test(`device exchange ${status} ${body || '(empty)'} → ${message}`, async () => {
    const srv = await fakeServer(always(status, body));
    await assert.rejects(exchangeDeviceCode({ fetch, issuer: srv.url, authorizationCode: 'ac', codeVerifier: 'cv' }), (e: unknown) =>
      isCodexAuthError(e, code) && e.message === message,
    );
    await srv.close();
  });
}
