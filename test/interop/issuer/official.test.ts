// The official Codex CLI 0.171.0 as a client of the embedded issuer: device login approved in
// headless Chromium, proactive refresh (codex doctor), a reused refresh token refused, revoke on
// logout, and personal-access-token login/status.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fingerprint, type MintedTokens, type RunningIssuer } from '../../../src/issuer/index.js';
import { CLIENT_ID, decodeJwt, postForm, startTestIssuer } from '../../helpers/issuer.js';
import { baseEnv, filterNoise, officialCodexBin, runOfficial, tempDir } from '../../helpers/run.js';

let issuer: RunningIssuer;
const cleanups: Array<() => void> = [];
before(async () => {
  issuer = await startTestIssuer({ deviceIntervalSeconds: 1 });
});
after(async () => {
  await issuer.close();
  for (const c of cleanups) c();
});

function home(): string {
  const d = tempDir('codex-issuer-interop-');
  cleanups.push(d.cleanup);
  return d.path;
}

/** An auth.json as the official binary writes it after a sign-in against this issuer. */
function writeAuthJson(codexHome: string, t: MintedTokens): void {
  const doc = {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token: t.id_token,
      access_token: t.access_token,
      refresh_token: t.refresh_token,
      oauth_provenance: { issuer: issuer.url, client_id: CLIENT_ID },
      account_id: t.account_id,
    },
    last_refresh: new Date().toISOString(),
  };
  writeFileSync(join(codexHome, 'auth.json'), JSON.stringify(doc, null, 2), { mode: 0o600 });
}

const readAuth = (codexHome: string) => JSON.parse(readFileSync(join(codexHome, 'auth.json'), 'utf8'));

/** `codex doctor` refreshing at the issuer; its chatgpt.com probe goes to a closed proxy port (loopback only). */
function doctorEnv(codexHome: string): Record<string, string> {
  const closed = 'http://127.0.0.1:1';
  return baseEnv(codexHome, { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token`, HTTPS_PROXY: closed, HTTP_PROXY: closed });
}

/** Starts `codex login --device-auth` and resolves with the user code it prints, plus its exit. */
function startDeviceLogin(codexHome: string) {
  const child = spawn(officialCodexBin(), ['login', '--device-auth', '--experimental_issuer', issuer.url], {
    env: baseEnv(codexHome),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: filterNoise(stderr) });
    });
  });
  const userCode = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      // eslint-disable-next-line no-control-regex
      const m = /^\s+([A-Z0-9]{4}-[A-Z0-9]{5})\s*$/m.exec(stdout.replace(/\x1b\[[0-9;]*m/g, ''));
      if (m) resolve(m[1]!);
    });
    child.on('close', () => reject(new Error(`codex exited before printing a code: ${filterNoise(stderr)}`)));
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return { userCode, exit };
}

describe('official codex against the embedded issuer', () => {
  it('device login completes after the code is approved on the issuer page in Chromium', async () => {
    const h = home();
    issuer.admin.clearRequests();
    const login = startDeviceLogin(h);
    const code = await login.userCode;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${issuer.url}/codex/device`);
      await page.getByLabel('One-time code').fill(code);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel(/Beta · business/).check();
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('heading', { name: 'Signed in to Codex' }).waitFor();
    } finally {
      await browser.close();
    }
    const r = await login.exit;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Successfully logged in/);
    const auth = readAuth(h);
    assert.equal(auth.auth_mode, 'chatgpt');
    assert.equal(auth.OPENAI_API_KEY, null);
    assert.equal(auth.tokens.account_id, 'ws-team-beta');
    assert.equal(auth.tokens.oauth_provenance.issuer, issuer.url);
    assert.equal(auth.tokens.oauth_provenance.client_id, CLIENT_ID);
    assert.equal(decodeJwt(auth.tokens.id_token).email, 'team@example.com');
    assert.equal(issuer.admin.family(auth.tokens.refresh_token).status, 'active');
    const paths = issuer.admin.requests().map((e) => `${e.path} ${e.status}`);
    assert.equal(paths[0], '/api/accounts/deviceauth/usercode 200');
    assert.ok(paths.includes('/api/accounts/deviceauth/token 403'), 'it polled while pending');
    const exchange = issuer.admin.requests({ path: '/oauth/token' });
    assert.equal(exchange.length, 1);
    assert.equal(exchange[0]!.body!.redirect_uri, `${issuer.url}/deviceauth/callback`);
    assert.equal(exchange[0]!.status, 200);
  });

  it('device login for an account without Codex fails when the request is refused', async () => {
    const h = home();
    const login = startDeviceLogin(h);
    const code = await login.userCode;
    const nocodex = issuer.admin.accounts().find((a) => a.email === 'nocodex@example.com')!;
    const page = await postForm(`${issuer.url}/codex/device/decision`, { user_code: code, decision: 'allow', account: `${nocodex.userId} ws-nocodex` });
    assert.equal(page.status, 403);
    assert.match(page.text, /You do not have access to Codex/);
    const r = await login.exit;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error logging in: device auth failed with status 400 Bad Request$/m);
    assert.equal(existsSync(join(h, 'auth.json')), false);
  });

  it('codex doctor refreshes a token about to expire against the issuer and stores the rotated tokens', async () => {
    const h = home();
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com', accessTokenTtlSeconds: 120 });
    writeAuthJson(h, minted);
    issuer.admin.clearRequests();
    await runOfficial(['doctor'], { env: doctorEnv(h), timeoutMs: 60_000 });
    const refreshes = issuer.admin.requests({ path: '/oauth/token' });
    assert.equal(refreshes.length, 1);
    assert.equal(refreshes[0]!.body!.grant_type, 'refresh_token');
    assert.equal(refreshes[0]!.body!.refresh_reason, 'proactive_expiry');
    assert.equal(refreshes[0]!.body!.refresh_token, fingerprint(minted.refresh_token));
    assert.equal(refreshes[0]!.headers.originator, 'codex_cli_rs');
    assert.equal(refreshes[0]!.outcome, 'rotated');
    const auth = readAuth(h);
    assert.notEqual(auth.tokens.refresh_token, minted.refresh_token);
    assert.notEqual(auth.tokens.access_token, minted.access_token);
    assert.equal(issuer.admin.family(auth.tokens.refresh_token).id, minted.family_id);
    assert.equal(issuer.admin.family(minted.family_id).status, 'active');
    const access = decodeJwt(auth.tokens.access_token);
    assert.ok(access.exp - Math.floor(Date.now() / 1000) > 300, 'the new access token lives well above the refresh window');
    assert.equal(auth.tokens.oauth_provenance.issuer, issuer.url);
  });

  it('a reused refresh token is refused as the real server refuses it (401 refresh_token_reused), and the family is revoked', async () => {
    const h = home();
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com', accessTokenTtlSeconds: 120 });
    // Another client already used this refresh token.
    const other = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: minted.refresh_token });
    assert.equal(other.status, 200);
    writeAuthJson(h, minted);
    const before = readFileSync(join(h, 'auth.json'), 'utf8');
    issuer.admin.clearRequests();
    await runOfficial(['doctor'], { env: doctorEnv(h), timeoutMs: 60_000 });
    const attempts = issuer.admin.requests({ path: '/oauth/token' });
    assert.ok(attempts.length >= 1);
    for (const a of attempts) {
      assert.equal(a.status, 401);
      assert.equal(a.outcome, 'refresh_token_reused');
    }
    assert.equal(readFileSync(join(h, 'auth.json'), 'utf8'), before, 'auth.json is untouched');
    assert.equal(issuer.admin.family(minted.family_id).status, 'revoked');
    const rotated = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: other.body.refresh_token });
    assert.equal(rotated.status, 401, 'the other client is logged out too');
  });

  it('codex logout revokes the refresh token at the issuer', async () => {
    const h = home();
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    writeAuthJson(h, minted);
    issuer.admin.clearRequests();
    const r = await runOfficial(['logout'], { env: baseEnv(h, { CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/revoke` }) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Successfully logged out/);
    const [revoke] = issuer.admin.requests({ path: '/oauth/revoke' });
    assert.ok(revoke, 'the issuer saw the revoke');
    assert.equal(revoke.status, 200);
    assert.equal(revoke.headers['content-type'], 'application/json');
    assert.deepEqual(revoke.body, { token: fingerprint(minted.refresh_token), token_type_hint: 'refresh_token', client_id: CLIENT_ID });
    assert.equal(issuer.admin.family(minted.family_id).status, 'revoked');
    assert.equal(existsSync(join(h, 'auth.json')), false);
  });

  it('a personal access token is validated by whoami; a revoked one is refused', async () => {
    const h = home();
    const pat = issuer.admin.mintPersonalAccessToken({ account: 'gov@example.com' });
    const env = baseEnv(h, { CODEX_AUTHAPI_BASE_URL: `${issuer.url}/api/accounts` });
    issuer.admin.clearRequests();
    const login = await runOfficial(['login', '--with-access-token'], { env, stdin: `${pat}\n` });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /Successfully logged in/);
    assert.deepEqual(readAuth(h), { OPENAI_API_KEY: null, personal_access_token: pat });
    const [who] = issuer.admin.requests({ path: '/api/accounts/v1/user-auth-credential/whoami' });
    assert.equal(who!.status, 200);
    assert.equal(who!.headers.authorization, `Bearer ${fingerprint(pat)}`);
    const status = await runOfficial(['login', 'status'], { env });
    assert.equal(status.code, 0);
    assert.match(status.stderr, /Logged in using personal access token/);
    issuer.admin.revokePersonalAccessToken(pat);
    const refused = await runOfficial(['login', 'status'], { env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Error checking login status: personal access token metadata request failed with status 401 Unauthorized/);
  });

  it('an agent-identity JWT verifies against the issuer JWKS, and the task registration is signed with the agent key', async () => {
    const h = home();
    const { jwt, agentRuntimeId } = await issuer.admin.mintAgentIdentity({ account: 'dev@example.com' });
    const env = baseEnv(h, {
      CODEX_AGENT_IDENTITY_JWKS_BASE_URL: `${issuer.url}/backend-api`,
      CODEX_AGENT_IDENTITY_AUTHAPI_BASE_URL: `${issuer.url}/api/accounts`,
    });
    issuer.admin.clearRequests();
    const login = await runOfficial(['login', '--with-access-token'], { env, stdin: jwt });
    assert.equal(login.code, 0, login.stderr);
    assert.equal(readAuth(h).auth_mode, 'agentIdentity');
    assert.equal(issuer.admin.requests({ path: '/backend-api/wham/agent-identities/jwks' })[0]?.status, 200);
    const status = await runOfficial(['login', 'status'], { env });
    assert.match(status.stderr, /Logged in using access token/);
    assert.equal(issuer.admin.agentTasks(agentRuntimeId).length, 1, 'the client registered a task with a valid Ed25519 signature');
    // 0.171.0 asks for compressed replies on these auth requests too (JWKS, task registration).
    for (const e of issuer.admin.requests()) assert.equal(e.headers['accept-encoding'], 'zstd,gzip', e.path);
    // A JWT signed by another issuer's agent key is refused.
    const other = await startTestIssuer();
    try {
      const foreign = await other.admin.mintAgentIdentity({ account: 'dev@example.com' });
      const refused = await runOfficial(['login', '--with-access-token'], { env: baseEnv(home(), { CODEX_AGENT_IDENTITY_JWKS_BASE_URL: `${issuer.url}/backend-api` }), stdin: foreign.jwt });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^Error logging in with access token: agent identity JWT kid \S+ is not trusted$/m);
      // A JWT whose payload was altered after signing is refused too.
      const [hd, pl, sig] = jwt.split('.');
      const altered = `${hd}.${Buffer.from(JSON.stringify({ ...decodeJwt(jwt), plan_type: 'enterprise' })).toString('base64url')}.${sig}`;
      void pl;
      const h2 = home();
      const forged = await runOfficial(['login', '--with-access-token'], { env: baseEnv(h2, { CODEX_AGENT_IDENTITY_JWKS_BASE_URL: `${issuer.url}/backend-api` }), stdin: altered });
      assert.equal(forged.code, 1);
      assert.match(forged.stderr, /^Error logging in with access token: /m);
      assert.equal(existsSync(join(h2, 'auth.json')), false);
    } finally {
      await other.close();
    }
  });

  it('survives injected faults the way the reference describes: revoke 500 still logs out; a reset usercode request fails the login in one line', async () => {
    const h = home();
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    writeAuthJson(h, minted);
    issuer.admin.clearRequests();
    issuer.admin.addFault({ path: '/oauth/revoke', status: 500, body: { error: { message: 'boom' } }, times: 1 });
    const out = await runOfficial(['logout'], { env: baseEnv(h, { CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/revoke` }) });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, /Successfully logged out/);
    assert.equal(issuer.admin.requests({ path: '/oauth/revoke' })[0]!.fault, 'status 500');
    assert.equal(issuer.admin.family(minted.family_id).status, 'active', 'the faulted revoke never reached the handler');
    assert.equal(existsSync(join(h, 'auth.json')), false);

    issuer.admin.addFault({ path: '/api/accounts/deviceauth/usercode', reset: true, times: 1 });
    const login = await runOfficial(['login', '--device-auth', '--experimental_issuer', issuer.url], { env: baseEnv(home()) });
    assert.equal(login.code, 1);
    assert.match(login.stderr, new RegExp(`^Error logging in: error sending request for url \\(${issuer.url.replace(/[.]/g, '\\.')}/api/accounts/deviceauth/usercode\\)$`, 'm'));
  });
});
