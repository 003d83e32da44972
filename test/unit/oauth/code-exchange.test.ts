import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exchangeCode, type TokenSet } from '../../../src/oauth/code-exchange.js';
import { exchangeApiKey } from '../../../src/oauth/api-key-exchange.js';
import { tokenEndpointErrorMessage } from '../../../src/oauth/token-endpoint-error.js';
import { statusLine } from '../../../src/oauth/http-status.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { always, fakeServer, REFUSED_URL } from './fake-server.js';

const TOKENS = { id_token: 'id.jwt.x', access_token: 'acc', refresh_token: 'rt-1', token_type: 'Bearer', expires_in: 3600 };

async function exchangeAgainst(status: number, body: string) {
  const srv = await fakeServer(always(status, body));
  try {
    return await exchangeCode({ fetch, issuer: srv.url, code: 'the-code', redirectUri: 'http://127.0.0.1:1455/auth/callback', codeVerifier: 'ver' }).then(
      (v) => ({ ok: v as TokenSet | undefined, err: undefined as unknown, srv }),
      (e: unknown) => ({ ok: undefined, err: e, srv }),
    );
  } finally {
    await srv.close();
  }
}

test('code exchange: observed form body order, content-type, no originator/codex User-Agent', async () => {
  const r = await exchangeAgainst(200, JSON.stringify(TOKENS));
  assert.deepEqual(r.ok, { idToken: 'id.jwt.x', accessToken: 'acc', refreshToken: 'rt-1' });
  const [req] = r.srv.requests;
  assert.equal(req!.method, 'POST');
  assert.equal(req!.path, '/oauth/token');
  assert.equal(
    req!.body,
    'grant_type=authorization_code&client_id=app_EMoamEEZ73f0CkXaXp7hrann&code=the-code' +
      '&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&code_verifier=ver',
  );
  assert.equal(req!.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(req!.headers['originator'], undefined);
  assert.ok(!String(req!.headers['user-agent'] ?? '').startsWith('codex_cli_rs'));
});

test('code exchange: trailing slash on the issuer and a custom client id', async () => {
  const srv = await fakeServer(always(200, JSON.stringify(TOKENS)));
  await exchangeCode({ fetch, issuer: `${srv.url}/`, clientId: 'cli d', code: 'c', redirectUri: 'r', codeVerifier: 'v' });
  await srv.close();
  assert.equal(srv.requests[0]!.path, '/oauth/token');
  assert.ok(srv.requests[0]!.body.includes('&client_id=cli+d&'));
});

// codex-cli-observed.md §2.1.4: how the token endpoint error text is built.
const ROWS: Array<[number, string, string]> = [
  [400, '{"error":"x","error_description":"d"}', 'token endpoint returned status 400 Bad Request: d'],
  [400, '{"error":"invalid_grant"}', 'token endpoint returned status 400 Bad Request: invalid_grant'],
  [400, '{"error":{"message":"m"}}', 'token endpoint returned status 400 Bad Request: m'],
  [400, '{"error":{"code":"c1","message":"m1"}}', 'token endpoint returned status 400 Bad Request: m1'],
  [400, '{"error":{"code":"c2"}}', 'token endpoint returned status 400 Bad Request: c2'],
  [400, '{"error":"x","error_description":"   "}', 'token endpoint returned status 400 Bad Request: x'],
  [401, '', 'token endpoint returned status 401 Unauthorized: unknown error'],
  [401, '  \n', 'token endpoint returned status 401 Unauthorized: unknown error'],
  [500, 'upstream exploded', 'token endpoint returned status 500 Internal Server Error: upstream exploded'],
  [500, '  upstream exploded\n', 'token endpoint returned status 500 Internal Server Error: upstream exploded'],
  [403, '{"code":"top"}', 'token endpoint returned status 403 Forbidden: {"code":"top"}'],
  [599, '', 'token endpoint returned status 599 <unknown status code>: unknown error'],
];

for (const [status, body, message] of ROWS) {
  test(`code exchange: ${status} ${JSON.stringify(body)} → ${message}`, async () => {
    const r = await exchangeAgainst(status, body);
    assert.ok(isCodexAuthError(r.err, 'oauth.token_endpoint'), String(r.err));
    assert.equal((r.err as Error).message, message);
    assert.equal(tokenEndpointErrorMessage(status, body), message);
  });
}

test('code exchange: a rejection that echoes the code or verifier does not repeat it', async () => {
  const r = await exchangeAgainst(400, '{"error_description":"bad code the-code for ver"}');
  assert.equal((r.err as Error).message, 'token endpoint returned status 400 Bad Request: bad code <redacted> for <redacted>');
});

for (const missing of ['id_token', 'access_token', 'refresh_token']) {
  test(`code exchange: 200 without ${missing} → OAuth token response is invalid`, async () => {
    const body: Record<string, unknown> = { ...TOKENS };
    delete body[missing];
    const r = await exchangeAgainst(200, JSON.stringify(body));
    assert.ok(isCodexAuthError(r.err, 'oauth.invalid_token_response'));
    assert.equal((r.err as Error).message, 'OAuth token response is invalid');
  });
}

test('code exchange: 200 with a non-JSON body → OAuth token response is invalid', async () => {
  const r = await exchangeAgainst(200, 'id_token=1');
  assert.equal((r.err as Error).message, 'OAuth token response is invalid');
});

test('code exchange: connection refused → OAuth token request failed: error sending request for url (...)', async () => {
  await assert.rejects(
    exchangeCode({ fetch, issuer: REFUSED_URL, code: 'c', redirectUri: 'r', codeVerifier: 'v' }),
    (e: unknown) =>
      isCodexAuthError(e, 'oauth.transport') &&
      e.message === 'OAuth token request failed: error sending request for url (http://127.0.0.1:1/oauth/token)',
  );
});

test('status lines are Rust http-crate reason phrases', () => {
  assert.equal(statusLine(400), '400 Bad Request');
  assert.equal(statusLine(401), '401 Unauthorized');
  assert.equal(statusLine(404), '404 Not Found');
  assert.equal(statusLine(500), '500 Internal Server Error');
  assert.equal(statusLine(503), '503 Service Unavailable');
  assert.equal(statusLine(203), '203 Non Authoritative Information');
});

test('API-key exchange (RFC 8693): observed body order; returns the key', async () => {
  const srv = await fakeServer(always(200, '{"access_token":"sk-fake-exchanged-29","token_type":"Bearer"}'));
  const key = await exchangeApiKey({ fetch, issuer: srv.url, idToken: 'h.p.s' });
  await srv.close();
  assert.equal(key, 'sk-fake-exchanged-29');
  const req = srv.requests[0]!;
  assert.equal(req.path, '/oauth/token');
  assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(req.headers['originator'], undefined);
  assert.equal(
    req.body,
    'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&client_id=app_EMoamEEZ73f0CkXaXp7hrann' +
      '&requested_token=openai-api-key&subject_token=h.p.s&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aid_token',
  );
});

test('API-key exchange failure: api key exchange failed with status ...', async () => {
  const srv = await fakeServer(always(400, '{"error":"nope"}'));
  await assert.rejects(exchangeApiKey({ fetch, issuer: srv.url, idToken: 'h.p.s' }), (e: unknown) =>
    isCodexAuthError(e, 'oauth.api_key_exchange') && e.message === 'api key exchange failed with status 400 Bad Request',
  );
  await srv.close();
});
