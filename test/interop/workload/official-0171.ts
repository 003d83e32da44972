// The official binary for the workload identity interop tests: SPIFFE (and the 0.171 selection
// rules) need 0.171.0. CODEX_AUTH_TEST_CODEX_BIN is used when it is 0.171.x; otherwise 0.171.0 is
// installed into .cache/codex-0.171.0 (the prefix scripts/test-env.mjs uses once it pins 0.171.0).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/run.js';

export const WIF_CODEX_VERSION = '0.171.0';
const prefix = join(repoRoot, '.cache', `codex-${WIF_CODEX_VERSION}`);
const bin = join(prefix, 'node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex');

function versionOf(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return '';
  }
}

let cached: string | undefined;

export function official0171(): string {
  if (cached) return cached;
  const given = process.env.CODEX_AUTH_TEST_CODEX_BIN;
  if (given && versionOf(given).endsWith(` ${WIF_CODEX_VERSION}`)) return (cached = given);
  if (!existsSync(bin)) {
    const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `@openai/codex@${WIF_CODEX_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0 || !existsSync(bin)) throw new Error(`could not install @openai/codex@${WIF_CODEX_VERSION} into ${prefix}`);
  }
  return (cached = bin);
}
