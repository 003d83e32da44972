// Running the two CLIs under test: ours (the built bin/codex-auth.js) and the official Codex
// binary (@openai/codex@0.171.0, installed into .cache/ by scripts/test-env.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ourBin = join(repoRoot, 'bin', 'codex-auth.js');

export function officialCodexBin(): string {
  const p = process.env.CODEX_AUTH_TEST_CODEX_BIN;
  if (!p) throw new Error('CODEX_AUTH_TEST_CODEX_BIN is not set: run the tests with `npm test`');
  return p;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stderr with the official binary's `could not create PATH aliases` noise line removed. */
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | Uint8Array;
  timeoutMs?: number;
  cwd?: string;
}

/** A minimal, hermetic environment: no proxies, no CA overrides, no keyring unless asked. */
export function baseEnv(codexHome: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    CODEX_HOME: codexHome,
    NO_PROXY: '127.0.0.1,localhost',
    TERM: 'dumb',
  };
  // Keep the test session's D-Bus/keyring so keyring tests can opt in.
  for (const k of ['DBUS_SESSION_BUS_ADDRESS', 'GNOME_KEYRING_CONTROL', 'XDG_DATA_HOME', 'XDG_RUNTIME_DIR']) {
    const v = process.env[k];
    if (v) env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function filterNoise(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !l.includes('could not create PATH aliases'))
    .join('\n');
}

function run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env as NodeJS.ProcessEnv,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr: filterNoise(stderr) });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Runs our CLI: `node bin/codex-auth.js ...args`. */
export function runOurs(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(process.execPath, [ourBin, ...args], opts);
}

/** Runs the official Codex binary. Always give it a temporary CODEX_HOME and loopback URLs only. */
export function runOfficial(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(officialCodexBin(), args, opts);
}

/** A fresh temporary directory; remove it with the returned cleanup. */
export function tempDir(prefix = 'codex-auth-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Temporary CODEX_HOMEs for a test file: `make()` one, `cleanup()` all of them (in `after`). */
export function tempHomes(prefix: string): { make: () => string; cleanup: () => void } {
  const made: Array<() => void> = [];
  return {
    make: () => {
      const d = tempDir(prefix);
      made.push(d.cleanup);
      return d.path;
    },
    cleanup: () => made.splice(0).forEach((c) => c()),
  };
}
