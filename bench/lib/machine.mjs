// What the figures were measured on: they only mean something next to the machine and versions.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { perfAvailable } from './timer.mjs';

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return r.status === 0 ? r.stdout.trim() : '';
}

function osName() {
  if (!existsSync('/etc/os-release')) return '';
  const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
  return m ? m[1] : '';
}

export function machineInfo({ repoRoot, officialBin }) {
  const cs = cpus();
  const commit = sh('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: repoRoot });
  // The results files themselves do not make the measured code "dirty".
  const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results.md', ':!bench/results.svg'], { cwd: repoRoot }) !== '';
  const branch = sh('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: repoRoot });
  const official = officialBin ? sh(officialBin, ['--version'], { env: { PATH: process.env.PATH ?? '' } }) : '';
  const undici = (() => {
    try {
      return JSON.parse(readFileSync(`${repoRoot}/node_modules/undici/package.json`, 'utf8')).version;
    } catch {
      return '';
    }
  })();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cs[0]?.model ?? 'unknown',
    cores: cs.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    load: loadavg().map((x) => x.toFixed(2)).join(' '),
    os: osName(),
    kernel: release(),
    node: process.version,
    undici,
    commit: commit ? `${commit}${dirty ? ' (+ uncommitted changes)' : ''} on ${branch}` : 'unknown',
    official: official || 'not installed',
    perf: perfAvailable() ? 'perf stat -e task-clock works' : 'unavailable: CPU times show as —',
    lsbRelease: existsSync('/usr/bin/lsb_release') ? 'present (the official binary runs it for its User-Agent)' : 'absent',
  };
}
