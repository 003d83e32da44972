// The cold network path: a fresh process that must talk to the issuer before it can answer.
// - `codex-auth token` with a refresh due (a fresh CODEX_HOME per run holding an expired access
//   token and a refresh token the embedded issuer accepts: it refreshes, saves, prints);
// - the first `manager.fetch()` of a fresh library process (import, create, one GET);
// - `codex-auth login --with-access-token` with a personal access token (whoami, then save).
// Each is a ratio to `node -e 0` timed in the same rounds, in a clean environment and with
// NODE_EXTRA_CA_CERTS set to the system bundle (as corporate machines have it; node -e 0 then
// pays it too). The round trip each needs is measured apart (a fresh connection per request, from
// a warm process) and shown next to the ratio. The issuer runs in its own process (the timer
// blocks this one in spawnSync).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { nodeFloor, ours, timeScenario } from '../lib/cli.mjs';
import { cliEnv, chatgptAuthJson, writeAuthJson } from '../lib/fixtures.mjs';
import { info, NotAvailable, upperBound } from '../lib/result.mjs';
import { median } from '../lib/stats.mjs';

export const title = 'Cold network path';
export const figure = 'cold token with a refresh due';

const ACCOUNT = 'dev@example.com';
const CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** The embedded issuer (`codex-auth issuer --admin --port 0`) in a child process; resolves { url, close }. */
function startIssuerProcess(ctx) {
  return new Promise((resolve, reject) => {
    const env = cliEnv(ctx.homes.make('codex-auth-bench-issuer-'));
    const child = spawn(ctx.nodeBin, [ctx.ourBin, 'issuer', '--admin', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(out);
      if (m) resolve({ url: m[1], close: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new NotAvailable(`the issuer did not start (exit ${code}): ${err.split('\n')[0]}`)));
  });
}

/** One HTTP exchange on a fresh connection; resolves { status, body, ms }. */
function request(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, body: text, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function admin(issuer, path, payload) {
  const r = await request('POST', `${issuer}${path}`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  if (r.status !== 201) throw new Error(`issuer ${path} answered ${r.status}: ${r.body.slice(0, 120)}`);
  return JSON.parse(r.body);
}

/** A CODEX_HOME whose access token expires in 1 s (refreshable at the issuer). */
async function expiringHome(ctx, issuer) {
  const t = await admin(issuer, '/admin/tokens', { account: ACCOUNT, access_token_ttl: 1 });
  const home = ctx.homes.make('codex-auth-bench-due-');
  writeAuthJson(home, {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, oauth_provenance: { issuer, client_id: CLIENT_ID }, account_id: t.account_id },
    last_refresh: new Date(Date.now() - 3600_000).toISOString(),
  });
  return { home, accessToken: t.access_token };
}

/** Median of `n` samples of `fn()` (ms), after 2 untimed ones. */
async function medianOf(n, fn) {
  const xs = [];
  for (let i = 0; i < n + 2; i++) {
    const ms = await fn();
    if (i >= 2) xs.push(ms);
  }
  return median(xs);
}

const ENVS = [
  { name: 'clean', extra: {} },
  { name: `NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`, extra: { NODE_EXTRA_CA_CERTS: CA_BUNDLE } },
];

/** (ours − rtt) / node, per round (the same rounds as the plain ratio). */
function lessRtt(timing, rtt) {
  const o = timing.competitors.find((c) => c.label === 'ours' && !c.na);
  const n = timing.competitors.find((c) => c.label === 'node -e 0' && !c.na);
  if (!o || !n) return NaN;
  return median(o.samples.map((x, i) => (x - rtt) / n.samples[i]));
}

export async function run(ctx) {
  const distIndex = join(ctx.repoRoot, 'dist', 'index.js');
  if (!existsSync(distIndex)) throw new NotAvailable('dist/index.js is not built');
  const issuer = await startIssuerProcess(ctx);
  const figures = [];
  const timings = [];
  const notes = [];
  try {
    // Round trips, measured apart (fresh connection each, from this warm process).
    const rttRefresh = await medianOf(15, async () => {
      const t = await admin(issuer.url, '/admin/tokens', { account: ACCOUNT });
      const r = await request('POST', `${issuer.url}/oauth/token`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: t.refresh_token }),
      });
      if (r.status !== 200) throw new Error(`refresh answered ${r.status}`);
      return r.ms;
    });
    const fetchUrl = `${issuer.url}/.well-known/openid-configuration`;
    const rttFetch = await medianOf(15, async () => (await request('GET', fetchUrl)).ms);
    const { token: pat } = await admin(issuer.url, '/admin/pats', { account: ACCOUNT, ttl: 24 * 3600 });
    const whoami = `${issuer.url}/api/accounts/v1/user-auth-credential/whoami`;
    const rttWhoami = await medianOf(15, async () => (await request('GET', whoami, { headers: { authorization: `Bearer ${pat}` } })).ms);
    figures.push(
      info(title, 'round trips (loopback, fresh connection, warm process)', `refresh ${rttRefresh.toFixed(2)} ms · GET ${rttFetch.toFixed(2)} ms · whoami ${rttWhoami.toFixed(2)} ms`, 'subtracted in the “less one round trip” figures'),
    );

    const perEnv = ctx.warmup + ctx.runs + ctx.cpuRuns + ctx.rssRuns + 2;
    const chatgpt = ctx.homes.make('codex-auth-bench-fetch-');
    const nowSec = Math.floor(Date.now() / 1000);
    writeAuthJson(chatgpt, chatgptAuthJson({ nowSec, expSec: nowSec + 365 * 24 * 3600, issuer: issuer.url }));

    for (const e of ENVS) {
      // 1. token with a refresh due: a fresh CODEX_HOME per run (pre-minted: the timer is synchronous).
      const pool = [];
      for (let i = 0; i < perEnv; i++) pool.push(await expiringHome(ctx, issuer.url));
      await new Promise((r) => setTimeout(r, 1100)); // every access token has now expired
      const token = ours(ctx, pool[0].home, ['token'], e.extra);
      token.prepare = (c) => {
        const next = pool.shift();
        if (!next) throw new Error('out of pre-minted CODEX_HOMEs');
        c.env = { ...c.env, CODEX_HOME: next.home };
        c.expired = next.accessToken;
      };
      ctx.log(`  token with a refresh due (${e.name})`);
      const a = timeScenario(ctx, `token, refresh due — ${e.name}`, [
        { c: { ...nodeFloor(ctx, chatgpt), env: cliEnv(chatgpt, e.extra) } },
        { c: token, expect: { status: 0, stdout: /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n?$/ } },
      ]);
      timings.push(a.timing);
      const na = a.timing.competitors.find((c) => c.na);
      figures.push(
        upperBound(title, `token, refresh due / node -e 0 (${e.name})`, a.ratio('ours', 'node -e 0'), 1.6, {
          note: na ? `not available: ${na.na}` : [a.cpuNote('ours', 'node -e 0'), `less one refresh round trip: ${lessRtt(a.timing, rttRefresh).toFixed(2)}×`].filter(Boolean).join('; '),
        }),
      );

      // 2. the first manager.fetch() of a fresh library process.
      ctx.log(`  first manager.fetch() (${e.name})`);
      const child = {
        label: 'ours',
        display: 'first manager.fetch()',
        cmd: ctx.nodeBin,
        args: [join(ctx.benchDir, 'children', 'first-fetch.mjs'), new URL(`file://${distIndex}`).href, chatgpt, fetchUrl],
        env: cliEnv(chatgpt, e.extra),
      };
      const b = timeScenario(ctx, `first manager.fetch() — ${e.name}`, [
        { c: { ...nodeFloor(ctx, chatgpt), env: cliEnv(chatgpt, e.extra) } },
        { c: child, expect: { status: 0, stdout: /^200 \d+\n$/ } },
      ]);
      timings.push(b.timing);
      const nb = b.timing.competitors.find((c) => c.na);
      figures.push(
        upperBound(title, `first manager.fetch(), less one round trip / node -e 0 (${e.name})`, lessRtt(b.timing, rttFetch), 1.5, {
          note: nb ? `not available: ${nb.na}` : [`with the round trip: ${b.ratio('ours', 'node -e 0').toFixed(2)}×`, b.cpuNote('ours', 'node -e 0')].filter(Boolean).join('; '),
        }),
      );

      // 3. login --with-access-token with a PAT (whoami, then save): a fresh empty CODEX_HOME per run.
      ctx.log(`  login --with-access-token, PAT (${e.name})`);
      const login = ours(ctx, chatgpt, ['login', '--with-access-token'], { ...e.extra, CODEX_AUTHAPI_BASE_URL: `${issuer.url}/api/accounts` });
      login.stdin = pat;
      login.prepare = (c) => {
        c.env = { ...c.env, CODEX_HOME: ctx.homes.make('codex-auth-bench-pat-') };
      };
      const c3 = timeScenario(ctx, `login --with-access-token (PAT) — ${e.name}`, [
        { c: { ...nodeFloor(ctx, chatgpt), env: cliEnv(chatgpt, e.extra) } },
        { c: login, expect: { status: 0, stderr: /Successfully logged in/ } },
      ]);
      timings.push(c3.timing);
      const nc = c3.timing.competitors.find((c) => c.na);
      figures.push(
        info(title, `login --with-access-token (PAT) / node -e 0 (${e.name})`, Number.isFinite(c3.ratio('ours', 'node -e 0')) ? `${c3.ratio('ours', 'node -e 0').toFixed(2)}×` : '—',
          nc ? `not available: ${nc.na}` : [`less one whoami round trip: ${lessRtt(c3.timing, rttWhoami).toFixed(2)}×`, c3.cpuNote('ours', 'node -e 0')].filter(Boolean).join('; ')),
      );
    }
    notes.push(
      `Cold network path: the embedded issuer runs in its own process on loopback (plain http, so no TLS handshake is timed; a real refresh to https://auth.openai.com adds the handshake and building the TLS context from Node's roots). ` +
        `\`token\` runs on a fresh CODEX_HOME each run (access token expired, refresh token unspent): start-up, the quick path declining, the full CLI, the refresh (cross-process lock, POST, fsync'ed atomic save), output. ` +
        `The first manager.fetch() is an ES module importing dist/index.js, as a library user's script does. Round trips are measured apart from a warm process over a fresh connection, and subtracted per round for the “less one round trip” ratios.`,
    );
  } finally {
    issuer.close();
  }
  return { timings, figures, notes };
}
