// 0.171.0 asks for compressed auth replies (`accept-encoding: zstd,gzip`) and decodes them
// (codex-0171-delta.md §5). Against the embedded issuer answering zstd, then gzip: the official
// binary and codex-auth both complete a device sign-in (usercode, token poll, code exchange), a
// refresh, a personal-access-token login (whoami) and logout (revoke), every request saying
// `zstd,gzip` and every answer compressed. The device prompts (version included) are the same.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { chatgptDoc, postForm } from '../../helpers/issuer.js';
import { baseEnv, runOfficial, runOurs, tempHomes } from '../../helpers/run.js';
import { readAuth, startOfficial, startOurs, type LiveRun } from '../../e2e/login/helpers.js';
import { CODEX_VERSION } from '../../../src/oauth/constants.js';
import { fakeJwt } from '../../unit/oauth/fake-server.js';

const homes = tempHomes('codex-auth-compressed-');
after(() => homes.cleanup());

const CODE = /one-time code[^\n]*\n {3}(?:\x1b\[94m)?([A-Z0-9-]+)/;
// The official binary colours its prompt even when stdout is not a terminal; we do not.
const plain = (s: string) => s.replace(/\x1b\[\d+m/g, '');

async function deviceLogin(issuer: RunningIssuer, start: (args: string[], env: Record<string, string>) => LiveRun) {
  const h = homes.make();
  const run = start(['login', '--device-auth', '--experimental_issuer', issuer.url], baseEnv(h));
  const [, userCode] = await run.waitFor(CODE, 'stdout', 30_000);
  const dev = issuer.admin.accounts().find((a) => a.email === 'dev@example.com')!;
  const page = await postForm(`${issuer.url}/codex/device/decision`, { user_code: userCode!, decision: 'allow', account: `${dev.userId} ${dev.workspaces[0]!.id}` });
  assert.equal(page.status, 200);
  const r = await run.exit;
  assert.equal(r.code, 0, run.stderr());
  assert.equal(readAuth(h).auth_mode, 'chatgpt');
  return { home: h, prompt: plain(run.stdout()).replace(userCode!, '<code>') };
}

for (const coding of ['zstd', 'gzip'] as const) {
  describe(`the issuer answers ${coding}`, () => {
    let issuer: RunningIssuer;
    after(() => issuer?.close());

    /** Every request to these paths since the last clear: asked with zstd,gzip, answered with `coding`. */
    function assertAllCompressed(paths: string[]): void {
      const log = issuer.admin.requests().filter((e) => paths.includes(e.path));
      for (const p of paths) assert.ok(log.some((e) => e.path === p), `no request to ${p}`);
      for (const e of log) {
        assert.equal(e.headers['accept-encoding'], 'zstd,gzip', `${e.path} accept-encoding`);
        if (e.status !== 204) assert.equal(e.encoding, coding, `${e.path} ${e.status} answered ${e.encoding ?? 'uncompressed'}`);
      }
      issuer.admin.clearRequests();
    }

    it('device sign-in: official and ours decode every answer; same prompt', async () => {
      issuer = await startIssuer({ compression: [coding], deviceIntervalSeconds: 1 });
      const device = ['/api/accounts/deviceauth/usercode', '/api/accounts/deviceauth/token', '/oauth/token'];
      const theirs = await deviceLogin(issuer, startOfficial);
      assertAllCompressed(device);
      const ours = await deviceLogin(issuer, startOurs);
      assertAllCompressed(device);
      assert.ok(theirs.prompt.includes(`Welcome to Codex [v${CODEX_VERSION}]`), theirs.prompt);
      assert.equal(ours.prompt, theirs.prompt);
      // Logout revokes at the issuer (its answer is compressed too); both tools succeed.
      const env = (h: string) => baseEnv(h, { CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/revoke` });
      const outOfficial = await runOfficial(['logout'], { env: env(theirs.home) });
      const outOurs = await runOurs(['logout'], { env: env(ours.home) });
      assert.equal(outOfficial.code, 0, outOfficial.stderr);
      assert.equal(outOurs.stderr, 'Successfully logged out\n');
      assert.equal(outOurs.code, 0);
      assert.equal(issuer.admin.requests({ path: '/oauth/revoke' }).length, 2);
      assertAllCompressed(['/oauth/revoke']);
    });

    it('refresh: the official binary (codex doctor) and ours (codex-auth token) store the rotated tokens', async () => {
      issuer.admin.clearRequests();
      const refreshers = [['official', runOfficial, ['doctor']], ['ours', runOurs, ['token']]] as const;
      for (const [who, run, args] of refreshers) {
        const h = homes.make();
        const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
        // An access token an hour old with a minute left: both tools refresh it now (ours refreshes
        // at half-life at the latest, the official binary inside 300 s).
        const now = Math.floor(Date.now() / 1000);
        const expiring = fakeJwt({ iat: now - 3540, exp: now + 60 });
        writeFileSync(join(h, 'auth.json'), JSON.stringify(chatgptDoc({ ...minted, access_token: expiring }), null, 2), { mode: 0o600 });
        // doctor also probes chatgpt.com: a closed proxy port keeps that on this machine.
        const closed = 'http://127.0.0.1:1';
        const env = baseEnv(h, { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token`, HTTPS_PROXY: closed, HTTP_PROXY: closed });
        const r = await run([...args], { env, timeoutMs: 60_000 });
        const stored = JSON.parse(readFileSync(join(h, 'auth.json'), 'utf8')) as { tokens: { access_token: string; refresh_token: string } };
        assert.notEqual(stored.tokens.refresh_token, minted.refresh_token, `${who} did not store rotated tokens: ${r.stderr}`);
        if (who === 'ours') assert.equal(r.stdout, `${stored.tokens.access_token}\n`);
      }
      assert.equal(issuer.admin.requests({ path: '/oauth/token' }).filter((e) => e.outcome === 'rotated').length, 2);
      assertAllCompressed(['/oauth/token']);
    });

    it('personal access token: whoami decoded by both', async () => {
      issuer.admin.clearRequests();
      const pat = issuer.admin.mintPersonalAccessToken({ account: 'gov@example.com' });
      for (const run of [runOfficial, runOurs]) {
        const env = baseEnv(homes.make(), { CODEX_AUTHAPI_BASE_URL: `${issuer.url}/api/accounts` });
        const login = await run(['login', '--with-access-token'], { env, stdin: `${pat}\n` });
        assert.equal(login.code, 0, login.stderr);
        assert.match(login.stderr, /Successfully logged in/);
        const status = await run(['login', 'status'], { env });
        assert.match(status.stderr, /Logged in using personal access token/);
      }
      assertAllCompressed(['/api/accounts/v1/user-auth-credential/whoami']);
    });
  });
}
