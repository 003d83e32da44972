import { test } from 'node:test';
import assert from 'node:assert/strict';
import { revokeToken, revocableToken } from '../../../src/oauth/revoke.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { always, fakeServer } from './fake-server.js';

const HEADERS = { originator: 'codex_cli_rs', 'user-agent': 'codex_cli_rs/0.171.0 (Debian 12.0.0; x86_64) xterm' };

test('revoke a refresh token: {token, token_type_hint, client_id} with default headers (observed §3)', async () => {
  const srv = await fakeServer(always(200, '{}'));
  await revokeToken({ fetch, url: `${srv.url}/oauth/revoke`, token: 'rt-old', kind: 'refresh_token', clientId: 'app_EMoamEEZ73f0CkXaXp7hrann', headers: HEADERS });
  await srv.close();
  const req = srv.requests[0]!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/oauth/revoke');
  assert.equal(req.body, '{"token":"rt-old","token_type_hint":"refresh_token","client_id":"app_EMoamEEZ73f0CkXaXp7hrann"}');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['originator'], 'codex_cli_rs');
  assert.equal(req.headers['user-agent'], HEADERS['user-agent']);
});

test('revoke an access token: no client_id', async () => {
  const srv = await fakeServer(always(204));
  await revokeToken({ fetch, url: `${srv.url}/oauth/revoke`, token: 'at-x', kind: 'access_token', clientId: 'app_EMoamEEZ73f0CkXaXp7hrann' });
  await srv.close();
  assert.equal(srv.requests[0]!.body, '{"token":"at-x","token_type_hint":"access_token"}');
});

test('which token to revoke: refresh when non-empty, else access, else none', () => {
  assert.deepEqual(revocableToken({ refresh_token: 'r', access_token: 'a' }), { token: 'r', kind: 'refresh_token' });
  assert.deepEqual(revocableToken({ refresh_token: '', access_token: 'a' }), { token: 'a', kind: 'access_token' });
  assert.equal(revocableToken({ refresh_token: '', access_token: '' }), undefined);
  assert.equal(revocableToken(null), undefined);
});

const FAIL_ROWS: Array<[number, string, string]> = [
  [500, '{"error":{"message":"boom"}}', 'failed to revoke refresh_token: 500 Internal Server Error: boom'],
  [400, 'bad', 'failed to revoke refresh_token: 400 Bad Request: bad'],
  [503, '', 'failed to revoke refresh_token: 503 Service Unavailable: Unknown error'],
  [500, 'rt-old leaked', 'failed to revoke refresh_token: 500 Internal Server Error: <redacted> leaked'],
];
for (const [status, body, message] of FAIL_ROWS) {
  test(`revoke ${status} ${body || '(empty)'} → ${message}`, async () => {
    const srv = await fakeServer(always(status, body));
    await assert.rejects(
      revokeToken({ fetch, url: `${srv.url}/oauth/revoke`, token: 'rt-old', kind: 'refresh_token', clientId: 'c' }),
      (e: unknown) => isCodexAuthError(e, 'oauth.revoke_failed') && e.message === message && e.details['status'] === status,
    );
    await srv.close();
  });
}

test('revoke gives up on a hanging server after the timeout (10 s by default; 150 ms here)', async () => {
  const srv = await fakeServer(() => 'hang');
  await assert.rejects(
    revokeToken({ fetch, url: `${srv.url}/oauth/revoke`, token: 'rt', kind: 'refresh_token', clientId: 'c', timeoutMs: 150 }),
    (e: unknown) =>
      isCodexAuthError(e, 'oauth.transport') && e.details['timedOut'] === true && e.message === `error sending request for url (${srv.url}/oauth/revoke)`,
  );
  assert.equal(srv.requests.length, 1);
  await srv.close();
});
