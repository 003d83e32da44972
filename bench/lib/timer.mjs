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
// CPU time: a third pass, `perf stat -x, -e task-clock` around each run (all threads, user + kernel,
// in ms), also round-robin. On a loaded machine wall time includes waiting for a CPU; CPU time
// does not, so its ratios stay meaningful when other work shares the machine. NaN without perf.
//
// Interleaving: round i runs every competitor once, starting with competitor (i mod k), so a slow
// patch of the machine hits all competitors equally, and no one always runs right after another.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.mjs';

export const TIME_BIN = '/usr/bin/time';
export const PERF_BIN = '/usr/bin/perf';

let perfWorks;
/** Whether `perf stat -e task-clock` works here (installed, and perf_event_paranoid allows it). */
export function perfAvailable() {
  if (perfWorks === undefined) {
    const r = existsSync(PERF_BIN) ? spawnSync(PERF_BIN, ['stat', '-x,', '-e', 'task-clock', '--', 'true'], { encoding: 'utf8' }) : null;
    perfWorks = !!r && r.status === 0 && /task-clock/.test(r.stderr);
  }
  return perfWorks;
}

/**
 * Runs `c` under a wrapper program that writes its report to a file (`wrapperArgs(out)` come before
 * the command), and returns that report's text, or null when the wrapper could not run.
 */
function wrapped(c, wrapper, wrapperArgs, timeoutMs) {
  c.prepare?.(c);
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-bench-wrap-'));
  try {
    const out = join(dir, 'report');
    const r = spawnSync(wrapper, [...wrapperArgs(out), c.cmd, ...c.args], {
      env: c.env,
      cwd: c.cwd,
      input: c.stdin ?? '',
      timeout: timeoutMs,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    return r.error || !existsSync(out) ? null : readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU ms (task-clock: every thread, user + system) of one run of `c`; NaN when perf is unavailable. */
export function cpuMs(c, timeoutMs = 30_000) {
  if (!perfAvailable()) return NaN;
  const report = wrapped(c, PERF_BIN, (out) => ['stat', '-x,', '-e', 'task-clock', '-o', out, '--'], timeoutMs);
  const line = report?.split('\n').find((l) => l.includes('task-clock'));
  return line ? Number(line.split(',')[0]) : NaN;
}

/** Peak RSS in kB of one run of `c`, via GNU time; NaN when /usr/bin/time is missing. */
export function peakRssKb(c, timeoutMs = 30_000) {
  if (!existsSync(TIME_BIN)) return NaN;
  const lines = wrapped(c, TIME_BIN, (out) => ['-f', '%M', '-o', out], timeoutMs)?.trim().split('\n');
  return lines ? Number(lines[lines.length - 1]) : NaN;
}

/**
 * `prepare(c)`, when present, runs before every run of the competitor, untimed (e.g. a fresh
 * CODEX_HOME per run: it may change c.env and c.stdin).
 * @typedef {{ label: string, cmd: string, args: string[], env: Record<string,string>, cwd?: string, stdin?: string, prepare?: (c: Competitor) => void }} Competitor
 */

function once(c, timeoutMs) {
  c.prepare?.(c);
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

/** `runs` rounds of `measure(c)` over every competitor, round-robin; per-competitor arrays. */
function roundRobin(competitors, runs, measure) {
  const k = competitors.length;
  const samples = competitors.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < k; j++) {
      const idx = (i + j) % k;
      samples[idx].push(measure(competitors[idx]));
    }
  }
  return samples;
}

/**
 * Times every competitor `runs` times after `warmup` untimed runs each, round-robin.
 * Returns { [label]: { samples: number[] (wall ms, in round order), cpu: number[] (CPU ms, in
 * round order; empty without perf), rssKb: number } }.
 */
export function timeRoundRobin(competitors, { runs, warmup = 2, rssRuns = 5, cpuRuns = runs, timeoutMs = 30_000 } = {}) {
  for (let w = 0; w < warmup; w++) for (const c of competitors) once(c, timeoutMs);
  const wall = roundRobin(competitors, runs, (c) => once(c, timeoutMs).ms);
  const cpu = perfAvailable() ? roundRobin(competitors, cpuRuns, (c) => cpuMs(c, timeoutMs)) : competitors.map(() => []);
  const rss = roundRobin(competitors, rssRuns, (c) => peakRssKb(c, timeoutMs));
  const out = {};
  competitors.forEach((c, idx) => {
    out[c.label] = { samples: wall[idx], cpu: cpu[idx].filter(Number.isFinite), rssKb: median(rss[idx]) };
  });
  return out;
}
