// Fleet (docs/fleet.md): `codex-auth token` served from the fleet (a valid token cached on the
// host) vs from a local auth.json vs `node -e 0`; Redis commands per `token` call (warm cache,
// cold host); a 32-process storm over 4 hosts on a due token (refresh requests, and the time
// until every process holds the new token, in round trips of one refresh); Redis commands per refresh.
import { spawn, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeFloor, ours, timeScenario } from '../lib/cli.mjs';
import { cliEnv } from '../lib/fixtures.mjs';
import { exactly, info, NotAvailable, upperBound } from '../lib/result.mjs';
import { median } from '../lib/stats.mjs';

export const title = 'Fleet';
export const figure = 'token from the fleet';

const REDIS = '/usr/bin/redis-server';
const HOSTS = 4;
const PER_HOST = 8;

async function startRedis(dir) {
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (c) => reject(new Error(`redis-server exited ${c}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

export async function run(ctx) {
  if (!existsSync(REDIS)) throw new NotAvailable('redis-server is not installed (apt-get install -y redis-server)');
  const dist = join(ctx.repoRoot, 'dist');
  const { startIssuer } = await import(pathToFileURL(join(dist, 'issuer', 'index.js')).href);
  const { createClient } = await import('@redis/client');
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-bench-fleet-'));
  const redis = await startRedis(dir);
  let skew = 0;
  const issuer = await startIssuer({ now: () => Date.now() + skew });
  const admin = createClient({ url: redis.url, RESP: 2 });
  await admin.connect();
  /** Redis commands executed by clients (INFO commandstats), excluding our own INFO calls. */
  const commands = async () => {
    const text = String(await admin.sendCommand(['INFO', 'commandstats']));
    let n = 0;
    for (const m of text.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) if (m[1] !== 'info') n += Number(m[2]);
    return n;
  };
  const keyFile = join(dir, 'fleet.key');
  writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
  let n = 0;
  const home = () => mkdtempSync(join(dir, `host-${n++}-`));
  const fleetEnv = (h, member = true) => cliEnv(h, { CODEX_AUTH_FLEET_URL: redis.url, CODEX_AUTH_FLEET_MEMBER: `bench-${n}`, ...(member ? { CODEX_AUTH_FLEET_KEY_FILE: keyFile } : {}) });
  const loginDoc = async (due) => {
    skew = due ? -(3600 - 60) * 1000 : 0;
    const m = await issuer.admin.mintTokens({ account: 'dev@example.com', accessTokenTtlSeconds: 3600 });
    skew = 0;
    return { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: m.id_token, access_token: m.access_token, refresh_token: m.refresh_token, account_id: m.account_id }, last_refresh: new Date().toISOString() };
  };
  const runCli = (args, env) =>
    new Promise((resolve) => {
      const c = spawn(ctx.nodeBin, [ctx.ourBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (err += d));
      c.on('close', (code) => resolve({ code, out, err }));
    });
  const push = async (due) => {
    const h = home();
    writeFileSync(join(h, 'auth.json'), JSON.stringify(await loginDoc(due)), { mode: 0o600 });
    const r = await runCli(['fleet', 'push'], { ...fleetEnv(h), CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token` });
    if (r.code !== 0) throw new Error(`fleet push failed: ${r.err}`);
  };
  const refreshes = () => issuer.admin.requests({ path: '/oauth/token' }).filter((r) => r.body?.grant_type === 'refresh_token').length;
  const figures = [];
  const timings = [];
  try {
    // 1. token from the fleet (warm cache) vs local auth.json vs node -e 0
    await push(false);
    const warm = home();
    const first = await runCli(['token'], fleetEnv(warm, false));
    if (first.code !== 0) throw new Error(`fleet token failed: ${first.err}`);
    const local = home();
    writeFileSync(join(local, 'auth.json'), JSON.stringify(await loginDoc(false)), { mode: 0o600 });
    ctx.log('  token — fleet (cached valid token) vs local auth.json');
    const fleetToken = { ...ours(ctx, warm, ['token']), label: 'fleet', display: 'codex-auth token (fleet, cached)', env: fleetEnv(warm, false) };
    const localToken = { ...ours(ctx, local, ['token']), label: 'local', display: 'codex-auth token (local auth.json)' };
    const { timing, ratio } = timeScenario(ctx, 'token — fleet (cached) vs local auth.json', [
      { c: nodeFloor(ctx, local) },
      { c: localToken, expect: { status: 0, stdout: /^ey/ } },
      { c: fleetToken, expect: { status: 0, stdout: new RegExp(`^${first.out.trim().slice(0, 40)}`) } },
    ]);
    timings.push(timing);
    figures.push(upperBound(title, 'token: fleet (cached) / local auth.json', ratio('fleet', 'local'), 1.2));
    figures.push(info(title, 'token: fleet (cached) / node -e 0', `${ratio('fleet', 'node -e 0').toFixed(2)}×`));

    // 2. Redis commands per token call
    let c0 = await commands();
    for (let i = 0; i < 10; i++) await runCli(['token'], fleetEnv(warm, false));
    figures.push(exactly(title, 'Redis commands per token call, warm cache (10 calls)', (await commands()) - c0, 0));
    c0 = await commands();
    for (let i = 0; i < 10; i++) await runCli(['token'], fleetEnv(home(), false));
    const cold = ((await commands()) - c0) / 10;
    figures.push(upperBound(title, 'Redis commands per token call, new host (no cache)', cold, 1, { unit: '', digits: 1 }));

    // 3. 32-process storm over 4 hosts on a due token
    const rtts = [];
    for (let i = 0; i < 12; i++) {
      const m = await issuer.admin.mintTokens({ account: 'dev@example.com' });
      const t0 = process.hrtime.bigint();
      const r = await fetch(`${issuer.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_token: m.refresh_token }) });
      await r.json();
      if (i >= 2) rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const rtt = median(rtts);
    figures.push(info(title, 'one refresh round trip (fetch POST, loopback issuer)', `${rtt.toFixed(2)} ms`));
    await push(true);
    const before = refreshes();
    const cmdBefore = await commands();
    const hosts = Array.from({ length: HOSTS }, () => home());
    const workers = hosts.flatMap((h) => Array.from({ length: PER_HOST }, () => fork(join(ctx.repoRoot, 'bench', 'children', 'fleet-worker.mjs'), [], { env: fleetEnv(h), stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })));
    await Promise.all(workers.map((w) => new Promise((resolve, reject) => (w.once('message', resolve), w.once('exit', (c) => reject(new Error(`fleet worker exited ${c}`)))))));
    const done = workers.map((w) => new Promise((resolve) => w.once('message', resolve)));
    const t0 = process.hrtime.bigint();
    for (const w of workers) w.send('go');
    const results = await Promise.all(done);
    const wall = Number(results.reduce((a, r) => (BigInt(r.doneAt) > a ? BigInt(r.doneAt) : a), t0) - t0) / 1e6;
    const storms = refreshes() - before;
    figures.push(exactly(title, `storm ${HOSTS} hosts × ${PER_HOST} processes: refresh requests`, storms, 1));
    figures.push(exactly(title, 'storm: every process holds the one new token', new Set(results.map((r) => r.token)).size === 1 && results.every((r) => !r.error) ? 'yes' : 'no', 'yes', { note: results.find((r) => r.error)?.error ?? '' }));
    figures.push(upperBound(title, 'storm: time until every process holds it / one refresh round trip', wall / rtt, 1.5, { note: `${wall.toFixed(1)} ms; 32 Node processes on this machine's cores (compare the single-host Refresh storm, P=32)` }));
    figures.push(info(title, 'storm: Redis commands (32 processes, one refresh)', String((await commands()) - cmdBefore)));

    // 4. Redis commands per refresh (one member, due token, nothing else running)
    await push(true);
    const c1 = await commands();
    const r1 = await runCli(['token'], fleetEnv(home()));
    if (r1.code !== 0) throw new Error(`refresh failed: ${r1.err}`);
    figures.push(info(title, 'Redis commands for one `token` that refreshes', String((await commands()) - c1), '6 round trips (3 HGETALL, SET NX, EVAL mark, EVAL commit); the rest run inside the two Lua scripts'));
  } finally {
    admin.destroy();
    await issuer.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { timings, figures, notes: ['Fleet: Redis 7 on loopback, the embedded issuer; commands counted with INFO commandstats.'] };
}
