// `npm start`: the whole life of a Codex login, offline, against the embedded issuer.
// It starts an issuer on loopback, signs in through the real browser flow (headless Chromium when
// Debian's chromium is installed, otherwise a headless HTTP approval of the same page), shows the
// login, prints a token, lets the token refresh itself, and logs out — saying what each step did.
// Everything happens in a temporary CODEX_HOME; nothing on this machine is changed.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'codex-auth.js');
if (!existsSync(join(root, 'dist', 'issuer', 'index.js'))) {
  process.stderr.write('npm start: dist/ is missing: run `npm install` first\n');
  process.exit(1);
}
const { startIssuer } = await import(join(root, 'dist', 'issuer', 'index.js'));

const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);
const say = (s = '') => process.stdout.write(`${s}\n`);
const step = (n, title, what) => {
  say();
  say(bold(`${n}. ${title}`));
  if (what) say(`   ${what}`);
};

const home = mkdtempSync(join(tmpdir(), 'codex-auth-demo-'));
const browser = join(home, 'demo-browser.sh');
writeFileSync(browser, `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'scripts', 'demo-browser.mjs')}" "$1"\n`);
chmodSync(browser, 0o755);

// The sign-in's access token lives only 16 s, so that step 3 can show a refresh without a long wait
// (a token whose whole life is inside the 5-minute window is refreshed once, half-way through it);
// the tokens issued after that live an hour.
const FIRST_TTL_S = 16;
const issuer = await startIssuer({ admin: true, accessTokenTtlSeconds: FIRST_TTL_S });
const env = {
  ...process.env,
  CODEX_HOME: home,
  BROWSER: browser,
  NO_PROXY: '127.0.0.1,localhost',
  CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/revoke`,
};
delete env.HTTPS_PROXY;
delete env.https_proxy;

function run(args, { show = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      if (show) process.stdout.write(String(d).replace(/^(?=.)/gm, '   │ '));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const countRequests = (path) => issuer.admin.requests({ path }).length;
let failed = false;
try {
  say(bold('codex-auth demo') + ` — issuer ${issuer.url}, CODEX_HOME ${home}`);

  step(1, 'Sign in with ChatGPT (browser flow)', '$ codex-auth login --issuer ' + issuer.url);
  const login = await run(['login', '--issuer', issuer.url]);
  if (login.code !== 0) throw new Error(`login exited ${login.code}`);
  const auth = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
  say(`   auth.json written (mode ${(0o777 & (await import('node:fs')).statSync(join(home, 'auth.json')).mode).toString(8)}), auth_mode "${auth.auth_mode}", account ${auth.tokens.account_id}`);

  step(2, 'Check the login', '$ codex-auth login status');
  await run(['login', 'status']);

  issuer.admin.setAccessTokenTtl(3600);
  say(`   (waiting ${FIRST_TTL_S / 2 + 1} s: the demo's first token is half-way through its ${FIRST_TTL_S}-second life by then)`);
  await new Promise((r) => setTimeout(r, (FIRST_TTL_S / 2 + 1) * 1000));

  step(3, 'Print an access token for scripts', '$ codex-auth token');
  const refreshesBefore = countRequests('/oauth/token');
  const tok = await run(['token']);
  if (tok.code !== 0) throw new Error(`token exited ${tok.code}`);
  const token = tok.out.trim();
  say(`   ${token.slice(0, 12)}…${token.slice(-6)} (${token.length} chars)`);
  const refreshed = countRequests('/oauth/token') - refreshesBefore;
  say(
    refreshed > 0
      ? `   The stored token was about to expire, so codex-auth refreshed it first (${refreshed} refresh request; the refresh token rotated).`
      : '   The stored token was still fresh: no network request was needed.',
  );

  step(4, 'Again: the fresh token is reused', '$ codex-auth token');
  const before2 = countRequests('/oauth/token');
  await run(['token'], { show: true });
  say(`   Refresh requests this time: ${countRequests('/oauth/token') - before2}`);

  step(5, 'Log out (revoke, then delete)', '$ codex-auth logout');
  await run(['logout']);
  say(`   The issuer received ${countRequests('/oauth/revoke')} revoke request(s); auth.json ${existsSync(join(home, 'auth.json')) ? 'still exists' : 'is gone'}.`);

  step(6, 'Check again', '$ codex-auth login status');
  const after = await run(['login', 'status']);
  say(`   exit code ${after.code}`);
  say();
  say('Done. The same commands work against auth.openai.com without --issuer.');
} catch (e) {
  failed = true;
  process.stderr.write(`npm start: the demo stopped: ${e.message}\n`);
} finally {
  await issuer.close();
  rmSync(home, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
