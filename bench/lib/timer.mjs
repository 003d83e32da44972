// The process timer: runs competing commands round-robin, measures wall time and peak RSS.
//
// Wall time: process.hrtime.bigint() (CLOCK_MONOTONIC) read just before spawnSync and just after it
// returns, i.e. fork/exec + the whole life of the process + reaping it. The parent is blocked in
// spawnSync meanwhile, so it adds no event-loop noise. Output is piped (not a terminal), like in
// the tools that embed a credential helper.
//
// Peak RSS: a separate pass through `/usr/bin/time -f %M -o FILE` (GNU time reads ru_maxrss of
// the child from wait4()), so the timed runs carry no wrapper. Kilobytes.
//
// Interleaving: round i runs every competitor once, starting with competitor (i mod k), so a slow
// patch of the machine hits all competitors equally, and no one always runs right after another.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.mjs';

export const TIME_BIN = '/usr/bin/time';

/**
 * @typedef {{ label: string, cmd: string, args: string[], env: Record<string,string>, cwd?: string, stdin?: string }} Competitor
 */

function once(c, timeoutMs) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.cmd, c.args, {
    env: c.env,
    cwd: c.cwd,
    input: c.stdin ?? '',
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  const t1 = process.hrtime.bigint();
  if (r.error) throw new Error(`${c.label}: could not run ${c.cmd}: ${r.error.message}`);
  return { ms: Number(t1 - t0) / 1e6, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs one command once and returns its exit status and output (for checking a scenario is what it claims). */
export function probe(c, timeoutMs = 30_000) {
  return once(c, timeoutMs);
}

/** Peak RSS in kB of one run of `c`, via GNU time; NaN when /usr/bin/time is missing. */
export function peakRssKb(c, timeoutMs = 30_000) {
  if (!existsSync(TIME_BIN)) return NaN;
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-bench-rss-'));
  try {
    const out = join(dir, 'rss');
    const r = spawnSync(TIME_BIN, ['-f', '%M', '-o', out, c.cmd, ...c.args], {
      env: c.env,
      cwd: c.cwd,
      input: c.stdin ?? '',
      timeout: timeoutMs,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    if (r.error) return NaN;
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    return Number(lines[lines.length - 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Times every competitor `runs` times after `warmup` untimed runs each, round-robin.
 * Returns { [label]: { samples: number[] (ms, in round order), rssKb: number } }.
 */
export function timeRoundRobin(competitors, { runs, warmup = 2, rssRuns = 5, timeoutMs = 30_000 } = {}) {
  const k = competitors.length;
  for (let w = 0; w < warmup; w++) for (const c of competitors) once(c, timeoutMs);
  const samples = competitors.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < k; j++) {
      const idx = (i + j) % k;
      samples[idx].push(once(competitors[idx], timeoutMs).ms);
    }
  }
  const out = {};
  competitors.forEach((c, idx) => {
    const rss = [];
    for (let i = 0; i < rssRuns; i++) rss.push(peakRssKb(c, timeoutMs));
    out[c.label] = { samples: samples[idx], rssKb: median(rss) };
  });
  return out;
}
