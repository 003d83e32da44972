// 0.171.0 asks for compressed auth replies (`accept-encoding: zstd,gzip`) and decodes them
// (codex-0171-delta.md §5). Against the embedded issuer answering zstd, then gzip: the official
// binary and codex-auth both complete a device sign-in (usercode, token poll, code exchange), a
// personal-access-token login (whoami) and logout (revoke), every request saying `zstd,gzip` and
// every answer compressed. The device prompts (version included) are the same.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { postForm } from '../../helpers/issuer.js';
import { baseEnv, runOfficial, runOurs, tempHomes } from '../../helpers/run.js';
import { readAuth, startOfficial, startOurs, type LiveRun } from '../../e2e/login/helpers.js';
import { CODEX_VERSION } from '../../../src/oauth/constants.js';

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
