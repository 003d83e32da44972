// Shared by the CLI benchmarks: the three competitors, output checks, and startup diagnostics.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliEnv } from './fixtures.mjs';
import { median, pairedRatio } from './stats.mjs';
import { cpuMs, perfAvailable, probe, timeRoundRobin } from './timer.mjs';

const NOISE = /could not create PATH aliases/;
export const clean = (s) => s.split('\n').filter((l) => l !== '' && !NOISE.test(l)).join('\n');
const firstLine = (s) => (clean(s).split('\n')[0] ?? '').slice(0, 120);

export const nodeFloor = (ctx, home) => ({ label: 'node -e 0', cmd: ctx.nodeBin, args: ['-e', '0'], env: cliEnv(home) });
export const official = (ctx, home, args) => ({ label: 'official', display: `codex ${args.join(' ')}`, cmd: ctx.officialBin, args, env: cliEnv(home) });
export const ours = (ctx, home, args, extraEnv = {}) => ({
  label: 'ours',
  display: `codex-auth ${args.join(' ')}`,
  cmd: ctx.nodeBin,
  args: [ctx.ourBin, ...args],
  env: cliEnv(home, extraEnv),
});

/**
 * Checks one run of `c` against `expect` ({ status, stderr?: RegExp, stdout?: RegExp }).
 * Returns null when it matches, else a one-line reason.
 */
export function check(c, expect) {
  const r = probe(c);
  const got = `exit ${r.status ?? r.signal}: ${JSON.stringify(firstLine(r.stderr) || firstLine(r.stdout))}`;
  if (r.status !== expect.status) return got;
  if (expect.stderr && !expect.stderr.test(clean(r.stderr))) return got;
  if (expect.stdout && !expect.stdout.test(r.stdout)) return `exit ${r.status}: stdout does not match ${expect.stdout}`;
  return null;
}

/**
 * Times the competitors of one scenario (after checking each produces the expected output; one
 * that does not is reported n/a with what it printed) and returns a Timing plus ratios.
 */
export function timeScenario(ctx, scenario, entries) {
  const runnable = [];
  const competitors = [];
  for (const { c, expect } of entries) {
    const bad = expect ? check(c, expect) : null;
    if (bad) competitors.push({ label: c.label, display: c.display, na: `unexpected result (${bad})` });
    else {
      runnable.push(c);
      competitors.push({ label: c.label, display: c.display });
    }
  }
  const res = timeRoundRobin(runnable, { runs: ctx.runs, warmup: ctx.warmup, rssRuns: ctx.rssRuns, cpuRuns: ctx.cpuRuns });
  for (const comp of competitors) {
    if (comp.na) continue;
    Object.assign(comp, res[comp.label], { check: 'output as expected' });
  }
  const get = (label) => competitors.find((x) => x.label === label && !x.na);
  const ratio = (a, b, what = 'samples') => {
    const A = get(a);
    const B = get(b);
    return A && B && A[what].length && B[what].length ? pairedRatio(A[what], B[what]) : NaN;
  };
  /** The CPU-time ratio, as text for a note (empty when perf is unavailable). */
  const cpuNote = (a, b) => {
    const r = ratio(a, b, 'cpu');
    return Number.isFinite(r) ? `CPU time ratio ${r.toFixed(2)}×` : '';
  };
  return { timing: { scenario, competitors }, ratio, get, cpuNote };
}

/**
 * What a command loads, measured with strace: the JS files and native addons it opens, grouped by
 * package, and the programs it executes. One line for results.md.
 */
export function startupProfile(c) {
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-bench-strace-'));
  try {
    const out = join(dir, 'trace');
    const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat,execve', '-o', out, c.cmd, ...c.args], {
      env: c.env,
      input: '',
      encoding: 'utf8',
    });
    if (r.error) return `strace unavailable (${r.error.message})`;
    const lines = readFileSync(out, 'utf8').split('\n');
    const files = new Set();
    const execs = [];
    for (const l of lines) {
      let m = /execve\("([^"]+)"/.exec(l);
      if (m && !/= -1 /.test(l)) execs.push(m[1]);
      m = /openat\([^,]+, "([^"]+\.(?:m?js|cjs|node|json))"/.exec(l);
      if (m && !/= -1 /.test(l)) files.add(m[1]);
    }
    const groups = new Map();
    for (const f of files) {
      let key;
      const nm = f.lastIndexOf(`${sep}node_modules${sep}`);
      if (nm >= 0) {
        const parts = f.slice(nm + 14).split(sep);
        key = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
      } else if (f.startsWith(c.repoRoot ?? '\0')) key = relative(c.repoRoot, f).split(sep).slice(0, 2).join('/');
      else continue;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    const modules = [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    const progs = execs.slice(1).map((p) => p.split('/').pop());
    return `opens ${files.size} JS/JSON/addon files (${modules || 'none'}); runs ${progs.length ? progs.join(', ') : 'no other program'}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `c` once under `strace -f -e trace=<set>` and returns the successful and failed calls
 * (lines), e.g. set 'connect' to prove a command makes no network connection. Excludes AF_UNIX
 * sockets (none expected, but the D-Bus keyring would use one: that is not "the network").
 */
export function tracedCalls(c, set) {
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-bench-strace-'));
  try {
    const out = join(dir, 'trace');
    const r = spawnSync('strace', ['-f', '-qq', '-e', `trace=${set}`, '-o', out, c.cmd, ...c.args], { env: c.env, input: '', encoding: 'utf8' });
    if (r.error) throw new Error(`strace: ${r.error.message}`);
    return readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => /^\d+\s+\w+\(/.test(l) && !/AF_UNIX|AF_LOCAL/.test(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The module bin/codex-auth.js loads (dist/cli.bundle.js or dist/cli/main.js), from its source. */
export function cliEntryOf(binPath) {
  const src = readFileSync(binPath, 'utf8');
  const m = /(?:import\(\s*|require\(\s*|from\s+)['"](\.\.?\/[^'"]+)['"]/.exec(src);
  return m ? join(dirname(binPath), m[1]) : null;
}

/**
 * Where `login status` spends its CPU time, stage by stage (perf task-clock medians): the Node
 * floor, an empty ES module (the ESM loader), importing the CLI entry without running a command
 * (compile + top-level code), and the whole command. Each step's delta is what that stage costs.
 */
export function startupStages(ctx, home, args, runs = 10) {
  if (!perfAvailable()) return null;
  const entry = cliEntryOf(ctx.ourBin);
  if (!entry) return null;
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-bench-stages-'));
  try {
    // The entry's module system decides the baseline: an empty file of the same kind. A loader
    // module (bin/load-cli.js: the bundle through V8's code cache) is loaded by calling it.
    const loader = entry.endsWith('load-cli.js');
    const cjs = loader || entry.endsWith('.cjs');
    const ext = cjs ? 'cjs' : 'mjs';
    writeFileSync(join(dir, `empty.${ext}`), '');
    const load = loader ? `require(${JSON.stringify(entry)}).loadCli();\n` : cjs ? `require(${JSON.stringify(entry)});\n` : `import ${JSON.stringify(pathToFileURL(entry).href)};\n`;
    writeFileSync(join(dir, `load-only.${ext}`), load);
    const env = cliEnv(home);
    const stages = [
      { label: 'node -e 0', cmd: ctx.nodeBin, args: ['-e', '0'], env },
      { label: cjs ? 'empty CommonJS file' : 'empty ES module', cmd: ctx.nodeBin, args: [join(dir, `empty.${ext}`)], env },
      { label: `load ${relative(dirname(dirname(ctx.ourBin)), entry)} (no command)`, cmd: ctx.nodeBin, args: [join(dir, `load-only.${ext}`)], env },
      { label: `codex-auth ${args.join(' ')}`, cmd: ctx.nodeBin, args: [ctx.ourBin, ...args], env },
    ];
    const k = stages.length;
    const cpu = stages.map(() => []);
    for (let i = 0; i < runs; i++) for (let j = 0; j < k; j++) cpu[(i + j) % k].push(cpuMs(stages[(i + j) % k]));
    return stages.map((s, i) => ({ label: s.label, cpuMs: median(cpu[i].filter(Number.isFinite)) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
