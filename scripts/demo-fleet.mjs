// `npm run demo:fleet`: one ChatGPT login shared by a "fleet" of hosts through Redis, offline on
// this machine: its own redis-server (random loopback port, temporary directory, no snapshots),
// the embedded issuer, an admin laptop that pushes its login, runners and members (separate
// temporary CODEX_HOMEs) that share it — one refresh for all — `fleet exec`, and `fleet logout`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'codex-auth.js');
const REDIS = '/usr/bin/redis-server';
if (!existsSync(join(root, 'dist', 'issuer', 'index.js'))) {
  process.stderr.write('npm run demo:fleet: dist/ is missing: run `npm install` first\n');
  process.exit(1);
}
if (!existsSync(REDIS)) {
  process.stderr.write('npm run demo:fleet: needs redis-server: install it with `sudo apt-get install -y redis-server`\n');
  process.exit(1);
}
const { startIssuer } = await import(join(root, 'dist', 'issuer', 'index.js'));
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);
const say = (s = '') => process.stdout.write(`${s}\n`);
const step = (n, title) => (say(), say(bold(`${n}. ${title}`)));

const dir = mkdtempSync(join(tmpdir(), 'codex-auth-fleet-demo-'));
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
await new Promise((resolve, reject) => {
  let out = '';
  redis.stdout.on('data', (d) => {
    out += d;
    if (out.includes('Ready to accept connections')) resolve();
  });
  redis.once('exit', (c) => reject(new Error(`redis-server exited ${c}`)));
});
let skew = 0;
const issuer = await startIssuer({ admin: true, now: () => Date.now() + skew });
const keyFile = join(dir, 'fleet.key');
writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
const url = `redis://127.0.0.1:${port}`;
const home = (name) => {
  const h = join(dir, name);
  rmSync(h, { recursive: true, force: true });
  return (mkdtempSync(`${h}-`));
};
const envFor = (h, member, extra = {}) => ({ PATH: process.env.PATH, HOME: process.env.HOME, CODEX_HOME: h, NO_PROXY: '127.0.0.1,localhost', CODEX_AUTH_FLEET_URL: url, CODEX_AUTH_FLEET_MEMBER: member, ...extra });
function run(args, env, { show = true } = {}) {
  say(`   $ codex-auth ${args.join(' ')}${env.CODEX_AUTH_FLEET_KEY_FILE ? '' : '   # runner: no key file'}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (show) for (const l of `${err}${out}`.trim().split('\n').filter(Boolean)) say(`   │ ${l.length > 110 ? `${l.slice(0, 60)}…` : l}`);
      resolve({ code, out, err });
    });
  });
}
const refreshes = () => issuer.admin.requests({ path: '/oauth/token' }).filter((r) => r.body?.grant_type === 'refresh_token').length;

let failed = false;
try {
  say(bold('codex-auth fleet demo') + ` — Redis ${url}, issuer ${issuer.url}`);
  step(1, "The admin's laptop pushes its login into the fleet");
  skew = -(3600 - 60) * 1000; // a login whose access token is due for refresh, to show the fleet refreshing it once
  const m = await issuer.admin.mintTokens({ account: 'dev@example.com' });
  skew = 0;
  const laptop = home('laptop');
  writeFileSync(join(laptop, 'auth.json'), JSON.stringify({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: m.id_token, access_token: m.access_token, refresh_token: m.refresh_token, account_id: m.account_id }, last_refresh: new Date().toISOString() }), { mode: 0o600 });
  const admin = envFor(laptop, 'admin-laptop', { CODEX_AUTH_FLEET_KEY_FILE: keyFile, CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token`, CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/revoke` });
  await run(['fleet', 'push'], admin);
  say(`   the laptop's auth.json is gone: ${existsSync(join(laptop, 'auth.json')) ? 'NO' : 'yes'}`);

  step(2, 'Two members and two runners, 8 `codex-auth token` each, all at once');
  const hosts = [
    envFor(home('member-a'), 'member-a', { CODEX_AUTH_FLEET_KEY_FILE: keyFile }),
    envFor(home('member-b'), 'member-b', { CODEX_AUTH_FLEET_KEY_FILE: keyFile }),
    envFor(home('runner-a'), 'runner-a'),
    envFor(home('runner-b'), 'runner-b'),
  ];
  const before = refreshes();
  const all = await Promise.all(hosts.flatMap((e) => Array.from({ length: 8 }, () => new Promise((resolve) => {
    const c = spawn(process.execPath, [bin, 'token'], { env: e, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('close', (code) => resolve({ code, out: out.trim() }));
  }))));
  say(`   32 processes: ${all.filter((r) => r.code === 0).length} got a token; ${new Set(all.map((r) => r.out)).size} distinct token(s) (runners may still serve the due-but-valid one)`);
  say(`   refresh requests at the issuer: ${refreshes() - before} (one generation, spent once)`);

  step(3, 'What every host sees');
  await run(['login', 'status'], hosts[2]);
  await run(['fleet', 'status'], hosts[0]);

  step(4, 'The official CLI (or any command) on the fleet login: fleet exec');
  await run(['fleet', 'exec', '--', process.execPath, '-e', 'const a=require(process.env.CODEX_HOME+"/auth.json");console.log("child sees CODEX_HOME", process.env.CODEX_HOME, "refresh_token", a.tokens.refresh_token.slice(0,28)+"…", "refresh URL", process.env.CODEX_REFRESH_TOKEN_URL_OVERRIDE)'], hosts[3]);

  step(5, 'The admin logs the fleet out (revoked at the issuer, keys deleted)');
  await run(['fleet', 'logout'], admin);
  await run(['token'], hosts[2]);
} catch (e) {
  failed = true;
  say(`demo failed: ${e.message}`);
} finally {
  await issuer.close();
  redis.kill('SIGTERM');
  await new Promise((r) => redis.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
say();
say(failed ? 'The fleet demo did not complete.' : 'Done: one login, many hosts, one refresh. Nothing on this machine was changed.');
process.exitCode = failed ? 1 : 0;
