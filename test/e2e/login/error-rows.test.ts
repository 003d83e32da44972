// Every device-code and access-token error row of codex-cli-observed.md §2.2 / §2.4, through our
// CLI against the embedded issuer (faults injected on its endpoints): message and exit code.
// (The browser rows that need ports 1455/1457 are in loopback-1455.test.ts; the callback-server
// rows are also covered at unit level in test/unit/login/callback-server.test.ts.)
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startIssuer, type FaultSpec, type RunningIssuer } from '../../../src/issuer/index.js';
import { baseEnv, runOfficial, runOurs, tempDir, tempHomes } from '../../helpers/run.js';
import { readAuth } from './helpers.js';

let issuer: RunningIssuer;
const homes = tempHomes('codex-auth-login-rows-');

before(async () => {
  issuer = await startIssuer({ admin: true, deviceIntervalSeconds: 1 });
});
afterEach(() => issuer.admin.clearFaults());
after(async () => {
  await issuer?.close();
  homes.cleanup();
});

const home = homes.make;

const USERCODE = '/api/accounts/deviceauth/usercode';
const POLL = '/api/accounts/deviceauth/token';
const TOKEN = '/oauth/token';

function b64(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}
function jwt(claims: unknown): string {
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.c2ln`;
}

/** Approves at once: the poll answers with a code (faked), so the exchange is what is tested. */
const APPROVED: FaultSpec = { path: POLL, status: 200, body: { authorization_code: 'ac-1', code_challenge: 'cc', code_verifier: 'cv' } };

async function device(faults: FaultSpec[], args: string[] = [], h = home()) {
  for (const f of faults) issuer.admin.addFault(f);
  const r = await runOurs(['login', '--device-auth', '--experimental_issuer', issuer.url, ...args], { env: baseEnv(h), timeoutMs: 20_000 });
  return { ...r, home: h };
}

const deviceRows: Array<[string, FaultSpec[], RegExp | string, string[]?]> = [
  ['usercode 404', [{ path: USERCODE, status: 404 }], /^Error logging in: device code login is not enabled for this Codex server\. Use the browser login or verify the server URL\. Run `codex-auth login` without --device-auth/],
  ['usercode 500', [{ path: USERCODE, status: 500 }], 'Error logging in: device code request failed with status 500 Internal Server Error\n'],
  ['usercode body hello', [{ path: USERCODE, status: 200, body: 'hello' }], 'Error logging in: expected value at line 1 column 1\n'],
  ['usercode without device_auth_id', [{ path: USERCODE, status: 200, body: { user_code: 'ABCD-1234', interval: '1' } }], /^Error logging in: missing field `device_auth_id` at line 1 column \d+\n$/],
  ['poll 500', [{ path: POLL, status: 500 }], 'Error logging in: device auth failed with status 500 Internal Server Error\n'],
  ['poll 401', [{ path: POLL, status: 401, body: { error: 'unauthorized' } }], 'Error logging in: device auth failed with status 401 Unauthorized\n'],
  ['exchange 400 invalid_grant', [APPROVED, { path: TOKEN, status: 400, body: { error: 'invalid_grant' } }], 'Error logging in: device code exchange failed: token endpoint returned status 400 Bad Request: invalid_grant\n'],
  ['exchange 401 empty body', [APPROVED, { path: TOKEN, status: 401 }], 'Error logging in: device code exchange failed: token endpoint returned status 401 Unauthorized: unknown error\n'],
  ['exchange 200 without id_token', [APPROVED, { path: TOKEN, status: 200, body: { access_token: 'a', refresh_token: 'r' } }], 'Error logging in: device code exchange failed: OAuth token response is invalid\n'],
  ['exchange 200 id_token notajwt', [APPROVED, { path: TOKEN, status: 200, body: { id_token: 'notajwt', access_token: 'a', refresh_token: 'r' } }], 'Error logging in: invalid ID token format\n'],
  [
    'workspace mismatch',
    [APPROVED, { path: TOKEN, status: 200, body: { id_token: jwt({ 'https://api.openai.com/auth': { chatgpt_account_id: 'ws-mine' } }), access_token: 'a', refresh_token: 'r' } }],
    'Error logging in: Login is restricted to workspace id(s) ws-other.\n',
    ['-c', 'forced_chatgpt_workspace_id="ws-other"'],
  ],
];

for (const [name, faults, expected, args] of deviceRows) {
  test(`device: ${name}`, async () => {
    const r = await device(faults, args);
    assert.equal(r.code, 1);
    if (typeof expected === 'string') assert.equal(r.stderr, expected);
    else assert.match(r.stderr, expected);
    assert.equal(existsSync(join(r.home, 'auth.json')), false);
  });
}

test('device: connection refused names the URL', async () => {
  const r = await runOurs(['login', '--device-auth', '--experimental_issuer', 'http://127.0.0.1:1'], { env: baseEnv(home()) });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error logging in: error sending request for url (http://127.0.0.1:1/api/accounts/deviceauth/usercode)\n');
});

test('an issuer without a scheme: "builder error" (the reference\'s words) and what to pass instead', async () => {
  for (const args of [['login', '--device-auth', '--experimental_issuer', '127.0.0.1:1'], ['login', '--issuer', 'ftp://x']]) {
    const r = await runOurs(args, { env: baseEnv(home()) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error logging in: builder error: the issuer ".+" is not an http:\/\/ or https:\/\/ URL; pass e\.g\. --issuer https:\/\/auth\.openai\.com\n$/);
  }
});

test('device: a workspace in the forced list succeeds; interval as a number, or 0, still polls at most once a second', async () => {
  const h = home();
  issuer.admin.addFault({ path: USERCODE, status: 200, body: { device_auth_id: 'd-1', user_code: 'ABCD-1234', interval: 0 }, times: 1 });
  issuer.admin.addFault({ path: POLL, status: 404, times: 2 });
  issuer.admin.addFault({ ...APPROVED, times: 1 });
  issuer.admin.addFault({
    path: TOKEN,
    status: 200,
    times: 1,
    body: { id_token: jwt({ 'https://api.openai.com/auth': { chatgpt_account_id: 'ws-b' } }), access_token: 'a', refresh_token: 'r' },
  });
  issuer.admin.clearRequests();
  const r = await runOurs(['login', '--device-auth', '--issuer', issuer.url, '-c', 'forced_chatgpt_workspace_id=["ws-a","ws-b"]'], { env: baseEnv(h) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readAuth(h).tokens.account_id, 'ws-b');
  const polls = issuer.admin.requests({ path: POLL }).map((e) => Date.parse(e.time));
  assert.equal(polls.length, 3);
  for (let i = 1; i < polls.length; i++) assert.ok(polls[i]! - polls[i - 1]! >= 950, 'polls at least a second apart');
});

test('policy: forced_login_method=api refuses browser and device sign-in, and access tokens', async () => {
  for (const args of [['login'], ['login', '--device-auth', '--issuer', issuer.url]]) {
    const r = await runOurs([...args, '-c', 'forced_login_method="api"'], { env: baseEnv(home()) });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'ChatGPT login is disabled. Use API key login instead.\n');
  }
  const r = await runOurs(['login', '--with-access-token', '-c', 'forced_login_method="api"'], { env: baseEnv(home()), stdin: 'at-x\n' });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Reading access token from stdin...\nAccess token login is disabled. Use API key login instead.\n');
});

// ---- access tokens (observed §2.4)

function authapiEnv(h: string, extra: Record<string, string> = {}) {
  return baseEnv(h, { CODEX_AUTHAPI_BASE_URL: `${issuer.url}/api/accounts/`, ...extra });
}

async function accessToken(token: string, env: Record<string, string>, args: string[] = []) {
  return runOurs(['login', '--with-access-token', ...args], { env, stdin: `${token}\n` });
}

test('personal access token: validated by whoami (same headers as the official binary), stored exactly like 0.169.0/0.171.0, status agrees', async () => {
  const h = home();
  const pat = issuer.admin.mintPersonalAccessToken({ account: 'dev@example.com' });
  issuer.admin.clearRequests();
  const r = await accessToken(pat, authapiEnv(h));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, 'Reading access token from stdin...\nSuccessfully logged in\n');
  const whoami = issuer.admin.requests({ path: '/api/accounts/v1/user-auth-credential/whoami' });
  assert.equal(whoami.length, 1);
  assert.match(whoami[0]!.headers['user-agent'] ?? '', /^codex_cli_rs\/0\.171\.0 /);
  assert.equal(whoami[0]!.headers['accept-encoding'], 'zstd,gzip');
  assert.equal(whoami[0]!.headers['originator'], 'codex_cli_rs');
  assert.deepEqual(readAuth(h), { OPENAI_API_KEY: null, personal_access_token: pat });
  const ours = await runOurs(['login', 'status'], { env: authapiEnv(h) });
  assert.equal(ours.stderr, 'Logged in using personal access token\n');
  assert.equal(ours.code, 0);
  issuer.admin.clearRequests();
  const official = await runOfficial(['login', 'status'], { env: authapiEnv(h) });
  assert.equal(official.stderr.trim(), 'Logged in using personal access token');
  assert.equal(official.code, 0);
  const theirs = issuer.admin.requests({ path: '/api/accounts/v1/user-auth-credential/whoami' });
  for (const name of ['user-agent', 'originator', 'accept-encoding']) assert.equal(whoami[0]!.headers[name], theirs[0]!.headers[name], name);
});

test('CODEX_ACCESS_TOKEN in the environment is honoured by login status (nothing stored)', async () => {
  const h = home();
  const pat = issuer.admin.mintPersonalAccessToken({ account: 'dev@example.com' });
  const r = await runOurs(['login', 'status'], { env: authapiEnv(h, { CODEX_ACCESS_TOKEN: `  ${pat} ` }) });
  assert.equal(r.stderr, 'Logged in using personal access token\n');
  assert.equal(r.code, 0);
  assert.equal(existsSync(join(h, 'auth.json')), false);
});

const previous = { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-previous-1234567890' };
const WHOAMI = '/api/accounts/v1/user-auth-credential/whoami';

const patRows: Array<[string, FaultSpec | null, Record<string, string>, string]> = [
  ['whoami 401', { path: WHOAMI, status: 401 }, {}, 'personal access token metadata request failed with status 401 Unauthorized'],
  ['whoami bad JSON', { path: WHOAMI, status: 200, body: '{"email":' }, {}, 'failed to decode personal access token metadata: error decoding response body'],
  ['whoami missing field', { path: WHOAMI, status: 200, body: { email: null, chatgpt_user_id: 'u', chatgpt_account_id: 'a', chatgpt_plan_type: 'plus' } }, {}, 'failed to decode personal access token metadata: error decoding response body'],
  ['whoami unreachable', null, { CODEX_AUTHAPI_BASE_URL: 'http://127.0.0.1:1/api/accounts' }, 'failed to request personal access token metadata: error sending request for url (http://127.0.0.1:1/api/accounts/v1/user-auth-credential/whoami)'],
];

for (const [name, fault, env, message] of patRows) {
  test(`access token: ${name} (exit 1, previous auth.json untouched)`, async () => {
    const h = home();
    writeFileSync(join(h, 'auth.json'), JSON.stringify(previous));
    if (fault) issuer.admin.addFault(fault);
    const r = await accessToken('at-something', authapiEnv(h, env));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Reading access token from stdin...\nError logging in with access token: ${message}\n`);
    assert.deepEqual(readAuth(h), previous);
  });
}

test('access token: not at- and not a JWT', async () => {
  const h = home();
  const r = await accessToken('not-a-jwt', authapiEnv(h));
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Reading access token from stdin...\nError logging in with access token: failed to decode agent identity JWT: invalid agent identity JWT format\n');
  assert.equal(existsSync(join(h, 'auth.json')), false);
});

test('access token: PAT in a workspace the policy does not allow', async () => {
  const h = home();
  const pat = issuer.admin.mintPersonalAccessToken({ account: 'dev@example.com' });
  const r = await accessToken(pat, authapiEnv(h), ['-c', 'forced_chatgpt_workspace_id="ws-other"']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Reading access token from stdin...\nError logging in with access token: Login is restricted to workspace id(s) ws-other.\n');
});

function agentEnv(h: string) {
  return baseEnv(h, { CODEX_AGENT_IDENTITY_JWKS_BASE_URL: `${issuer.url}/backend-api` });
}

test('agent identity JWT: RS256 against the JWKS, stored like 0.169.0, status says access token', async () => {
  const h = home();
  const { jwt: token } = await issuer.admin.mintAgentIdentity({ account: 'dev@example.com' });
  issuer.admin.clearRequests();
  const r = await accessToken(token, agentEnv(h));
  assert.equal(r.code, 0, r.stderr);
  const jwks = issuer.admin.requests({ path: '/backend-api/wham/agent-identities/jwks' });
  assert.equal(jwks.length, 1);
  assert.equal(jwks[0]!.headers['accept-encoding'], 'zstd,gzip', 'as the official 0.171.0 binary asks (test/interop/issuer/official.test.ts)');
  assert.deepEqual(readAuth(h), { auth_mode: 'agentIdentity', OPENAI_API_KEY: null, agent_identity: token });
  const status = await runOurs(['login', 'status'], { env: agentEnv(h) });
  assert.equal(status.stderr, 'Logged in using access token\n');
  assert.equal(status.code, 0);
});

test('agent identity JWT: workspace refused before any network; a forged signature is refused after the JWKS', async () => {
  const h = home();
  const { jwt: token } = await issuer.admin.mintAgentIdentity({ account: 'dev@example.com' });
  issuer.admin.clearRequests();
  const refused = await accessToken(token, agentEnv(h), ['-c', 'forced_chatgpt_workspace_id="ws-other"']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Error logging in with access token: Login is restricted to workspace id\(s\) ws-other\.\n$/);
  assert.equal(issuer.admin.requests().length, 0, 'no request before the workspace check');
  const [h64, p64] = token.split('.');
  const forged = await accessToken(`${h64}.${p64}.${Buffer.from('forged').toString('base64url')}`, agentEnv(h));
  assert.equal(forged.code, 1);
  assert.match(forged.stderr, /^Reading access token from stdin\.\.\.\nError logging in with access token: .+\n$/);
  assert.equal(existsSync(join(h, 'auth.json')), false);
});
