// Refresh storm: P processes × C concurrent callers share one CODEX_HOME whose access token has just
// expired, and all call getAuth() at the same moment. The token endpoint must see exactly one
// refresh (a second would spend a rotated refresh token: `refresh_token_reused`, a lost login), and
// everyone must be served quickly: wall time from `go` to the last caller served, as a ratio to one
// refresh round-trip measured against the same endpoint.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startRefreshBackend } from '../lib/backend.mjs';
import { loadCreateAuthManager } from '../lib/ours.mjs';
import { exactly, info, NotAvailable } from '../lib/result.mjs';
import { median } from '../lib/stats.mjs';
import { timeRoundRobin } from '../lib/timer.mjs';

export const title = 'Refresh storm';
export const figure = 'refresh requests seen by the issuer';
export const target = '= 1';

const CALLERS = 50;
const PROCESSES = [1, 4, 16, 32];

/** One refresh round-trip (a raw undici POST of a refresh grant), median of `n`. */
async function refreshRoundTrip(server, n) {
  const { fetch } = await import('undici');
  const rts = [];
  for (let i = 0; i < n + 2; i++) {
    const rt = await server.freshRefreshToken();
    const t0 = process.hrtime.bigint();
    const r = await fetch(server.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_reason: 'proactive_expiry', refresh_token: rt }),
    });
    await r.json();
    if (r.status !== 200) throw new Error(`the token endpoint answered ${r.status} to a fresh refresh token`);
    if (i >= 2) rts.push(Number(process.hrtime.bigint() - t0) / 1e6); // first two warm the connection
  }
  return median(rts);
}

async function storm(ctx, server, p) {
  const home = ctx.homes.make('codex-auth-bench-storm-');
  const { doc, expiresAtMs } = await server.writeExpiring(home);
  const workers = [];
  const ready = [];
  const done = [];
  for (let i = 0; i < p; i++) {
    const w = fork(join(ctx.benchDir, 'children', 'storm-worker.mjs'), [home, String(CALLERS), server.tokenUrl], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    w.stderr.on('data', (d) => (stderr += d));
    workers.push(w);
    ready.push(
      new Promise((resolve, reject) => {
        w.once('message', (m) => (m.ready ? resolve() : reject(new Error(m.error))));
        w.once('exit', (code) => reject(new Error(`storm worker exited ${code}: ${stderr.split('\n').find((l) => l.trim()) ?? ''}`)));
      }),
    );
    done.push(new Promise((resolve) => w.on('message', (m) => m.doneAt && resolve(m))));
  }
  try {
    await Promise.all(ready);
    // "At expiry": go only once the shared access token has expired, so every caller must wait for
    // a refresh (a token merely near expiry may be refreshed in the background, or not yet).
    const wait = expiresAtMs + 20 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    server.clearLog();
    const t0 = process.hrtime.bigint();
    for (const w of workers) w.send('go');
    const results = await Promise.race([
      Promise.all(done),
      new Promise((_, rej) => setTimeout(() => rej(new Error('storm did not finish within 120 s')), 120_000)),
    ]);
    const last = results.reduce((a, r) => (BigInt(r.doneAt) > a ? BigInt(r.doneAt) : a), t0);
    const tokens = new Set(results.flatMap((r) => r.tokens));
    return {
      wallMs: Number(last - t0) / 1e6,
      refreshes: server.refreshes(),
      reused: server.reused(),
      failed: results.reduce((a, r) => a + r.failed, 0),
      firstError: results.find((r) => r.firstError)?.firstError ?? '',
      distinctTokens: tokens.size,
      staleServed: tokens.has(doc.tokens.access_token),
    };
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  }
}

/** What `await import('undici')` adds to a fresh process (median wall and CPU ms over node -e 0). */
function undiciLoadCost(ctx) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/' };
  const base = { label: 'node -e 0', cmd: ctx.nodeBin, args: ['-e', '0'], env, cwd: ctx.repoRoot };
  const withUndici = { label: 'undici', cmd: ctx.nodeBin, args: ['--input-type=module', '-e', "await import('undici')"], env, cwd: ctx.repoRoot };
  const r = timeRoundRobin([base, withUndici], { runs: 10, warmup: 1, rssRuns: 0, cpuRuns: 5 });
  const cpu = r.undici.cpu.length && r['node -e 0'].cpu.length ? median(r.undici.cpu) - median(r['node -e 0'].cpu) : NaN;
  return { wallMs: median(r.undici.samples) - median(r['node -e 0'].samples), cpuMs: cpu };
}

export async function run(ctx) {
  await loadCreateAuthManager(); // NotAvailable before starting anything
  const runs = Number(process.env.BENCH_STORM_RUNS ?? 2);
  const server = await startRefreshBackend();
  const figures = [];
  const notes = [];
  try {
    const rtt = await refreshRoundTrip(server, 20);
    figures.push(info(title, 'one refresh round-trip (raw undici POST, loopback)', `${rtt.toFixed(2)} ms`, 'the unit of the wall-time ratios below'));
    // Part of every storm's wall time: the refreshing process loads its HTTP client on first use.
    const load = undiciLoadCost(ctx);
    if (load) figures.push(info(title, 'loading undici in a fresh process (lazy, paid by the first refresh)', `${load.wallMs.toFixed(1)} ms wall`, `${Number.isFinite(load.cpuMs) ? `${load.cpuMs.toFixed(1)} ms CPU; ` : ''}${(load.wallMs / rtt).toFixed(1)}× one round-trip`));
    for (const p of PROCESSES) {
      ctx.log(`  P=${p} × C=${CALLERS}, ${runs} runs`);
      const rs = [];
      for (let i = 0; i < runs; i++) {
        try {
          rs.push(await storm(ctx, server, p));
        } catch (e) {
          if (/NotAvailable: /.test(e.message)) throw new NotAvailable(e.message.replace(/^.*NotAvailable: /, ''));
          throw e;
        }
      }
      const worst = Math.max(...rs.map((r) => r.refreshes));
      const failed = rs.reduce((a, r) => a + r.failed, 0);
      const lost = rs.some((r) => r.distinctTokens !== 1 || r.staleServed);
      figures.push(
        exactly(title, `P=${p}×C=${CALLERS}: refresh requests (worst of ${runs})`, worst, 1, {
          note: `per run: ${rs.map((r) => r.refreshes).join(', ')}${rs.some((r) => r.reused) ? `; refresh_token_reused: ${rs.map((r) => r.reused).join(', ')}` : ''}`,
        }),
      );
      figures.push(
        exactly(title, `P=${p}×C=${CALLERS}: callers that failed`, failed, 0, {
          note: failed ? `first error: ${rs.find((r) => r.firstError)?.firstError}` : `${p * CALLERS * runs} callers served`,
        }),
        exactly(title, `P=${p}×C=${CALLERS}: every caller got the one new token`, lost ? 'no' : 'yes', 'yes', {
          note: lost ? `distinct tokens per run: ${rs.map((r) => r.distinctTokens).join(', ')}${rs.some((r) => r.staleServed) ? '; the expired token was served' : ''}` : '',
        }),
      );
      const wall = median(rs.map((r) => r.wallMs));
      figures.push(info(title, `P=${p}×C=${CALLERS}: wall time to serve everyone`, `${(wall / rtt).toFixed(1)}× one round-trip`, `${wall.toFixed(1)} ms (median of ${runs}; per run ${rs.map((r) => r.wallMs.toFixed(0)).join(', ')} ms)`));
    }
    notes.push(`Refresh storm: token endpoint = ${server.name}. The shared auth.json's access token has just expired when the callers start, so every getAuth() must wait for a refresh. Wall time runs from the moment the parent sends \`go\` to the ${PROCESSES.at(-1)} already-started processes until the last caller's getAuth() settled; process start-up is excluded. On ${cpus().length} cores, P processes contend for the CPU and for the refresh lock, so the ratio grows with P.`);
  } finally {
    await server.close();
  }
  return { figures, notes };
}
