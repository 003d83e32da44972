// Library: getAuth() on a valid token must do no I/O (proved with strace on a child process) and
// be cheap enough to call before every request (throughput, in-process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeManager, createManager, tokenOf } from '../lib/ours.mjs';
import { exactly, info, NotAvailable } from '../lib/result.mjs';
import { median, quantile } from '../lib/stats.mjs';

export const title = 'Library: getAuth()';
export const figure = 'getAuth() on a valid token: I/O syscalls and throughput';
export const target = '0 I/O syscalls';

// File and network syscalls, plus reads/writes on descriptors (a cached fd would not show in %file).
// eventfd2 is traced only to recognise libuv/V8 wake-up eventfds: 8-byte reads/writes on those are
// the runtime's thread signalling, not I/O, and are reported separately.
const TRACE = '%file,%network,read,write,pread64,pwrite64,readv,writev,preadv,pwritev,flock,fsync,fdatasync,eventfd2';
const LOOP_CALLS = 1000;

/** I/O syscalls between the child's two markers, from an strace -f log: { io, wakeups }. */
export function ioBetweenMarkers(trace) {
  const lines = trace.split('\n');
  const eventfds = new Set();
  for (const l of lines) {
    const m = /eventfd2\(.*\)\s+=\s+(\d+)/.exec(l);
    if (m) eventfds.add(m[1]);
  }
  const b = lines.findIndex((l) => l.includes('codex-auth-bench-marker-begin'));
  const e = lines.findIndex((l) => l.includes('codex-auth-bench-marker-end'));
  if (b < 0 || e < 0) return null;
  const calls = lines.slice(b + 1, e).filter((l) => /^\d+\s+\w+\(/.test(l) || /^\d+\s+<\.\.\./.test(l));
  const isWakeup = (l) => {
    const m = /^\d+\s+(?:read|write)\((\d+),/.exec(l);
    return m !== null && eventfds.has(m[1]);
  };
  return { io: calls.filter((l) => !isWakeup(l)), wakeups: calls.filter(isWakeup).length };
}

function straceLoop(ctx, home) {
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-bench-strace-'));
  try {
    const out = join(dir, 'trace');
    const r = spawnSync('strace', ['-f', '-qq', '-e', `trace=${TRACE}`, '-o', out, ctx.nodeBin, join(ctx.benchDir, 'children', 'getauth-loop.mjs'), home, String(LOOP_CALLS)], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', ...(process.env.BENCH_DIST_DIR && { BENCH_DIST_DIR: process.env.BENCH_DIST_DIR }) },
      timeout: 60_000,
    });
    if (r.status !== 0) {
      const why = (r.stderr || '').split('\n').find((l) => /^(NotAvailable|Error): /.test(l)) ?? `exit ${r.status}`;
      if (why.startsWith('NotAvailable: ')) throw new NotAvailable(why.slice('NotAvailable: '.length));
      throw new Error(`getauth-loop child failed: ${why}`);
    }
    return { calls: ioBetweenMarkers(readFileSync(out, 'utf8')), result: JSON.parse(r.stdout.trim().split('\n').pop()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(ctx) {
  const now = Math.floor(Date.now() / 1000);
  const home = ctx.homes.states(now).chatgpt;
  const expected = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')).tokens.access_token;
  const m = await createManager({ codexHome: home, env: { PATH: process.env.PATH ?? '' } });
  const figures = [];
  try {
    const a = await m.getAuth();
    if (tokenOf(a) !== expected) throw new Error('getAuth() did not return the stored access token');
    // Throughput: batches of ~100 ms (as many calls as fit), calls/s per batch, median over ≥ 10
    // batches after a 300 ms warm-up (JIT). Time-bounded, so a slow getAuth() cannot stall the run.
    const batch = async (ms) => {
      const t0 = process.hrtime.bigint();
      const end = t0 + BigInt(ms * 1e6);
      let n = 0;
      let t = t0;
      while (t < end) {
        for (let i = 0; i < 100; i++) await m.getAuth();
        n += 100;
        t = process.hrtime.bigint();
      }
      return n / (Number(t - t0) / 1e9);
    };
    await batch(300);
    const rates = [];
    for (let r = 0; r < Math.max(10, ctx.runs); r++) rates.push(await batch(100));
    const med = median(rates);
    figures.push(info(title, 'throughput (await getAuth(), one caller)', `${Math.round(med).toLocaleString('en-US')} calls/s`, `${(1e6 / med).toFixed(2)} µs per call; p10 batch ${Math.round(quantile(rates, 0.1)).toLocaleString('en-US')} calls/s`));
  } finally {
    await closeManager(m);
  }
  ctx.log(`  strace of ${LOOP_CALLS} getAuth() calls`);
  const { calls, result } = straceLoop(ctx, home);
  if (!calls) throw new Error('markers not found in the strace log');
  const { io, wakeups } = calls;
  figures.push(exactly(title, `I/O syscalls during ${LOOP_CALLS} getAuth() calls (strace -f)`, io.length, 0, {
    note: io.length
      ? `e.g. ${io.slice(0, 3).map((l) => l.replace(/^\d+\s+/, '').slice(0, 80)).join('; ')}`
      : `file, network and fd read/write syscalls traced in every thread; ${wakeups} runtime eventfd wake-ups excluded; ${result.same ? 'same token every call' : 'TOKEN CHANGED between calls'}`,
  }));
  return { figures };
}
