// `npm run bench`: measures codex-auth side by side with the official Codex CLI (the version
// scripts/test-env.mjs pins, 0.171.0) and writes bench/results.md + bench/results.svg.
// Never part of `npm test`.
//
//   npm run bench                 every benchmark
//   npm run bench -- cli storm    only modules whose name contains one of the words
//   BENCH_RUNS=60 npm run bench   timed runs per command (default 40, minimum 10)
//   BENCH_WARMUP=3                warm-up runs per command (default 2)
//
// Each module in bench/scenarios/ exports `title` and `run(ctx)`; see bench/lib/result.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureOfficialCodex } from '../scripts/test-env.mjs';
import { Homes } from './lib/fixtures.mjs';
import { machineInfo } from './lib/machine.mjs';
import { renderResults } from './lib/report.mjs';
import { NotAvailable, notAvailable } from './lib/result.mjs';
import { groupedBarChart } from './lib/svg.mjs';
import { summarize } from './lib/stats.mjs';
import { TIME_BIN } from './lib/timer.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(benchDir, '..');
const log = (m) => process.stderr.write(`[bench] ${m}\n`);

function intEnv(name, dflt, min) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    log(`${name} must be an integer ≥ ${min} (got ${JSON.stringify(v)})`);
    process.exit(2);
  }
  return n;
}

/** GNU time for peak RSS: install the Debian package `time` when we are root and it is missing. */
function ensureGnuTime() {
  if (existsSync(TIME_BIN)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    log('peak RSS needs GNU time (/usr/bin/time): install it with `sudo apt-get install -y time`; RSS will show as —');
    return;
  }
  log('installing Debian package `time` (peak RSS)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'time'], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

async function main() {
  const started = process.hrtime.bigint();
  const settings = {
    runs: intEnv('BENCH_RUNS', 40, 10),
    warmup: intEnv('BENCH_WARMUP', 2, 1),
    rssRuns: 5,
    cpuRuns: 10,
  };
  const filters = process.argv.slice(2);

  ensureGnuTime();
  const officialBin = ensureOfficialCodex();
  log('building (npm run build)');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    log('the build failed (see above)');
    process.exit(1);
  }

  const machine = machineInfo({ repoRoot, officialBin });
  if (process.env.BENCH_OUR_BIN) machine.commit += ` — CLI measured: ${process.env.BENCH_OUR_BIN}`;
  if (process.env.BENCH_DIST_DIR) machine.commit += ` — library measured: ${process.env.BENCH_DIST_DIR}`;
  const homes = new Homes();
  const ctx = {
    repoRoot,
    benchDir,
    officialBin,
    // BENCH_OUR_BIN: measure another build of the CLI (e.g. a branch checked out elsewhere).
    ourBin: process.env.BENCH_OUR_BIN || join(repoRoot, 'bin', 'codex-auth.js'),
    nodeBin: process.execPath,
    distUrl: (rel) => pathToFileURL(join(repoRoot, 'dist', rel)).href,
    homes,
    log,
    ...settings,
  };

  const modules = readdirSync(join(benchDir, 'scenarios'))
    .filter((f) => f.endsWith('.mjs'))
    .sort()
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));
  const timings = [];
  const figures = [];
  const notes = [];
  try {
    for (const file of modules) {
      const mod = await import(pathToFileURL(join(benchDir, 'scenarios', file)).href);
      log(`${file}: ${mod.title}`);
      const t0 = process.hrtime.bigint();
      try {
        const r = await mod.run(ctx);
        timings.push(...(r.timings ?? []));
        figures.push(...(r.figures ?? []));
        notes.push(...(r.notes ?? []));
      } catch (e) {
        if (e instanceof NotAvailable) {
          figures.push(notAvailable(mod.title, mod.figure ?? 'all figures', e.message, mod.target ?? ''));
        } else {
          // A crash in one module must not lose the others' figures: record it and go on.
          figures.push({ section: mod.title, figure: mod.figure ?? 'all figures', value: '—', target: mod.target ?? '', status: 'fail', note: `benchmark error: ${String(e?.message ?? e).split('\n')[0]}` });
          log(`${file} failed: ${e?.stack ?? e}`);
        }
      }
      log(`${file}: done in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
    }
  } finally {
    homes.cleanup();
  }

  const chartFile = 'results.svg';
  const groups = timings.map((t) => ({
    name: t.scenario,
    bars: t.competitors.map((c) => (c.na ? { label: c.label, na: true } : { label: c.label, ...summarize(c.samples) })),
  }));
  if (groups.length) {
    writeFileSync(join(benchDir, chartFile), groupedBarChart(groups, { title: `Cold process wall time — ${machine.cpu}, ${machine.cores} cores, ${machine.node}` }));
  }
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  machine.loadEnd = loadavg().map((x) => x.toFixed(2)).join(' ');
  const md = renderResults({ machine, settings, timings, figures, notes, chartFile: groups.length ? chartFile : null, elapsedS });
  writeFileSync(join(benchDir, 'results.md'), md);
  log(`wrote bench/results.md${groups.length ? ' and bench/results.svg' : ''} in ${elapsedS.toFixed(0)} s`);
  const missed = figures.filter((f) => f.status === 'fail').length;
  const na = figures.filter((f) => f.status === 'n/a').length;
  log(`${figures.length} figures: ${figures.filter((f) => f.status === 'pass').length} met, ${missed} missed, ${na} not available`);
}

// Exit when done: pooled keep-alive connections (ours, undici's, the issuer's 120 s idle timeout)
// must not keep the bench alive after the results are written.
main().then(
  () => process.exit(0),
  (e) => {
    log(`error: ${e?.stack ?? e}`);
    process.exit(1);
  },
);
