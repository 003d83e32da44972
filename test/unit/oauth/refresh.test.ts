import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refreshTokens, refreshAccountMismatchError, type RefreshParams } from '../../../src/oauth/refresh.js';
import { tokenErrorDetail } from '../../../src/oauth/token-endpoint-error.js';

const refreshErrorCode = (body: string) => tokenErrorDetail(body).code;
import { isCodexAuthError, type CodexAuthError } from '../../../src/errors.js';
import { always, fakeServer, REFUSED_URL, type Handler } from './fake-server.js';

const HEADERS = { originator: 'codex_cli_rs', 'user-agent': 'codex_cli_rs/0.171.0 (Debian 12.0.0; x86_64) xterm' };

async function refreshAgainst(handler: Handler, extra: Partial<RefreshParams> = {}) {
  const srv = await fakeServer(handler);
  try {
    const r = await refreshTokens({
      fetch,
      url: `${srv.url}/oauth/token`,
      clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
      refreshToken: 'rt-handwritten-1',
      refreshReason: 'proactive_expiry',
      headers: HEADERS,
      ...extra,
    }).then(
      (ok) => ({ ok, err: undefined }),
      (err: unknown) => ({ ok: undefined, err: err as CodexAuthError }),
    );
    return { ...r, srv };
  } finally {
    await srv.close();
  }
}

test('refresh request: JSON keys client_id, grant_type, refresh_reason, refresh_token; default headers', async () => {
  const r = await refreshAgainst(always(200, '{"id_token":"i.d.t","access_token":"a2","refresh_token":"r2"}'));
  assert.deepEqual(r.ok, { idToken: 'i.d.t', accessToken: 'a2', refreshToken: 'r2' });
  const req = r.srv.requests[0]!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/oauth/token');
  assert.equal(
    req.body,
    '{"client_id":"app_EMoamEEZ73f0CkXaXp7hrann","grant_type":"refresh_token","refresh_reason":"proactive_expiry","refresh_token":"rt-handwritten-1"}',
  );
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['originator'], 'codex_cli_rs');
  assert.equal(req.headers['user-agent'], HEADERS['user-agent']);
});

test('refresh: each token is optional in the answer (id_token may be absent); reason passed through', async () => {
  const r = await refreshAgainst(always(200, '{"access_token":"a3","refresh_token":"r3"}'), { refreshReason: 'unauthorized_recovery' });
  assert.deepEqual(r.ok, { accessToken: 'a3', refreshToken: 'r3' });
  assert.ok(r.srv.requests[0]!.body.includes('"refresh_reason":"unauthorized_recovery"'));
});

test('refresh: a 2xx that is not JSON, or has a non-string token, is transient', async () => {
  for (const body of ['<html>', '{"access_token":5}', '[]']) {
    const r = await refreshAgainst(always(200, body));
    assert.ok(isCodexAuthError(r.err, 'oauth.refresh_transient'), body);
    assert.equal(r.err!.message, 'error decoding response body');
  }
});

const EXPIRED = 'Your access token could not be refreshed because your refresh token has expired. Please log out and sign in again.';
const REUSED = 'Your access token could not be refreshed because your refresh token was already used. Please log out and sign in again.';
const REVOKED = 'Your access token could not be refreshed because your refresh token was revoked. Please log out and sign in again.';
const OTHER = 'Your access token could not be refreshed. Please log out and sign in again.';

// spec §10.4 and §14.4 cases 39–45 (the part that belongs to the protocol step).
const PERMANENT: Array<[string, number, string, string, string]> = [
  ['39: 401 {error:{code:refresh_token_expired}}', 401, '{"error":{"code":"refresh_token_expired"}}', 'expired', EXPIRED],
  ['401 {error:"refresh_token_expired"}', 401, '{"error":"refresh_token_expired"}', 'expired', EXPIRED],
  ['40: 401 refresh_token_reused', 401, '{"error":{"code":"refresh_token_reused","message":"already used"}}', 'exhausted', REUSED],
  ['41: 400 refresh_token_reused', 400, '{"error":{"code":"refresh_token_reused"}}', 'exhausted', REUSED],
  ['500 refresh_token_invalidated (any status)', 500, '{"error":"refresh_token_invalidated"}', 'revoked', REVOKED],
  ['case-insensitive code', 403, '{"error":"REFRESH_TOKEN_EXPIRED"}', 'expired', EXPIRED],
  ['top-level code', 400, '{"code":"refresh_token_reused"}', 'exhausted', REUSED],
  ['42: 400 {error:"invalid_grant"}', 400, '{"error":"invalid_grant"}', 'other', OTHER],
  ['401 invalid_grant', 401, '{"error":"invalid_grant"}', 'other', OTHER],
  ['401 with no code', 401, '', 'other', OTHER],
  ['401 plain text', 401, 'nope', 'other', OTHER],
];
for (const [name, status, body, reason, message] of PERMANENT) {
  test(`refresh ${name} → permanent (${reason})`, async () => {
    const r = await refreshAgainst(always(status, body));
    assert.ok(isCodexAuthError(r.err, 'oauth.refresh_permanent'), String(r.err));
    assert.equal(r.err!.message, message);
    assert.equal(r.err!.details['reason'], reason);
    assert.equal(r.err!.details['status'], status);
  });
}

const TRANSIENT: Array<[string, number, string, string]> = [
  ['43: 400 {error:"invalid_request"}', 400, '{"error":"invalid_request"}', 'Failed to refresh token: 400 Bad Request: {"error":"invalid_request"}'],
  ['45: 500 empty', 500, '', 'Failed to refresh token: 500 Internal Server Error: Unknown error'],
  ['500 with error.message', 500, '{"error":{"message":"try later"}}', 'Failed to refresh token: 500 Internal Server Error: try later'],
  ['502 plain text', 502, 'bad gateway', 'Failed to refresh token: 502 Bad Gateway: bad gateway'],
  ['429 echoing the refresh token', 429, 'slow down rt-handwritten-1', 'Failed to refresh token: 429 Too Many Requests: slow down <redacted>'],
];
for (const [name, status, body, message] of TRANSIENT) {
  test(`refresh ${name} → transient`, async () => {
    const r = await refreshAgainst(always(status, body));
    assert.ok(isCodexAuthError(r.err, 'oauth.refresh_transient'), String(r.err));
    assert.equal(r.err!.message, message);
    assert.equal((r.err!.details as { reason?: string }).reason, undefined);
  });
}

test('refresh: a network error is transient and names the URL', async () => {
  await assert.rejects(
    refreshTokens({ fetch, url: `${REFUSED_URL}/oauth/token`, clientId: 'c', refreshToken: 'r', refreshReason: 'forced' }),
    (e: unknown) => isCodexAuthError(e, 'oauth.refresh_transient') && e.message === 'error sending request for url (http://127.0.0.1:1/oauth/token)',
  );
});

test('refresh error code extraction: error.code, error string, top-level code', () => {
  assert.equal(refreshErrorCode('{"error":{"code":"a"},"code":"b"}'), 'a');
  assert.equal(refreshErrorCode('{"error":"a","code":"b"}'), 'a');
  assert.equal(refreshErrorCode('{"error":{"message":"m"},"code":"b"}'), 'b');
  assert.equal(refreshErrorCode('not json'), undefined);
  assert.equal(refreshErrorCode('   '), undefined);
});

test('account-mismatch permanent error text (spec §10.2)', () => {
  const e = refreshAccountMismatchError();
  assert.equal(e.code, 'oauth.refresh_permanent');
  assert.equal(e.details['reason'], 'other');
  assert.equal(
    e.message,
    'Your access token could not be refreshed because you have since logged out or signed in to another account. Please sign in again.',
  );
});
