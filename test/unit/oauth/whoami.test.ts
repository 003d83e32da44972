import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchPatMetadata } from '../../../src/oauth/whoami.js';
import { authapiBaseUrl } from '../../../src/oauth/urls.js';
import { isCodexAuthError, type CodexAuthErrorCode } from '../../../src/errors.js';
import { always, fakeServer, REFUSED_URL } from './fake-server.js';

const HEADERS = { originator: 'codex_cli_rs', 'user-agent': 'codex_cli_rs/0.171.0 (Debian 12.0.0; x86_64) xterm' };
const OK = { email: 'fake@example.com', chatgpt_user_id: 'u', chatgpt_account_id: 'a', chatgpt_plan_type: 'enterprise', chatgpt_account_is_fedramp: false };

test('whoami: GET <authapi>/v1/user-auth-credential/whoami with bearer + default headers (observed §2.4)', async () => {
  const srv = await fakeServer(always(200, JSON.stringify(OK)));
  const m = await fetchPatMetadata({ fetch, authapiBaseUrl: `${srv.url}/api/accounts/`, token: 'at-abc', headers: HEADERS });
  await srv.close();
  assert.deepEqual(m, { email: 'fake@example.com', chatgptUserId: 'u', chatgptAccountId: 'a', chatgptPlanType: 'enterprise', chatgptAccountIsFedramp: false });
  const req = srv.requests[0]!;
  assert.equal(req.method, 'GET');
  assert.equal(req.path, '/api/accounts/v1/user-auth-credential/whoami');
  assert.equal(req.headers['authorization'], 'Bearer at-abc');
  assert.equal(req.headers['originator'], 'codex_cli_rs');
  assert.equal(req.headers['user-agent'], HEADERS['user-agent']);
});

test('whoami: email may be null or absent; unknown plans are kept', async () => {
  for (const body of [{ ...OK, email: null, chatgpt_plan_type: 'ultra-new' }, { ...OK, email: undefined }]) {
    const srv = await fakeServer(always(200, JSON.stringify(body)));
    const m = await fetchPatMetadata({ fetch, authapiBaseUrl: srv.url, token: 'at-1' });
    await srv.close();
    assert.equal(m.email, null);
  }
});

const DECODE = 'failed to decode personal access token metadata: error decoding response body';
const ROWS: Array<[string, number, string, CodexAuthErrorCode, string]> = [
  ['401', 401, '{"error":"nope"}', 'oauth.whoami_status', 'personal access token metadata request failed with status 401 Unauthorized'],
  ['403', 403, '', 'oauth.whoami_status', 'personal access token metadata request failed with status 403 Forbidden'],
  ['bad JSON', 200, 'hello', 'oauth.whoami_decode', DECODE],
  ['missing chatgpt_account_is_fedramp', 200, JSON.stringify({ ...OK, chatgpt_account_is_fedramp: undefined }), 'oauth.whoami_decode', DECODE],
  ['missing chatgpt_user_id', 200, JSON.stringify({ ...OK, chatgpt_user_id: undefined }), 'oauth.whoami_decode', DECODE],
  ['fedramp as a string', 200, JSON.stringify({ ...OK, chatgpt_account_is_fedramp: 'false' }), 'oauth.whoami_decode', DECODE],
  ['email as a number', 200, JSON.stringify({ ...OK, email: 5 }), 'oauth.whoami_decode', DECODE],
];
for (const [name, status, body, code, message] of ROWS) {
  test(`whoami ${name} → ${message}`, async () => {
    const srv = await fakeServer(always(status, body));
    await assert.rejects(fetchPatMetadata({ fetch, authapiBaseUrl: srv.url, token: 'at-1' }), (e: unknown) => isCodexAuthError(e, code) && e.message === message);
    await srv.close();
  });
}

test('whoami unreachable → failed to request personal access token metadata: error sending request for url (<url>)', async () => {
  await assert.rejects(
    fetchPatMetadata({ fetch, authapiBaseUrl: REFUSED_URL, token: 'at-1' }),
    (e: unknown) =>
      isCodexAuthError(e, 'oauth.whoami_request') &&
      e.message === 'failed to request personal access token metadata: error sending request for url (http://127.0.0.1:1/v1/user-auth-credential/whoami)',
  );
});

test('authapi base: CODEX_AUTHAPI_BASE_URL trimmed and without trailing /, blank → default', () => {
  assert.equal(authapiBaseUrl({}), 'https://auth.openai.com/api/accounts');
  assert.equal(authapiBaseUrl({ CODEX_AUTHAPI_BASE_URL: '  http://127.0.0.1:9/api/accounts/  ' }), 'http://127.0.0.1:9/api/accounts');
  assert.equal(authapiBaseUrl({ CODEX_AUTHAPI_BASE_URL: '   ' }), 'https://auth.openai.com/api/accounts');
});
