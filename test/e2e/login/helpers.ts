// Helpers for the sign-in end-to-end tests: our CLI as a live child process (stderr read as it
// comes, stdin writable, signals), headless Chromium, and reading auth.json.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filterNoise, officialCodexBin, ourBin } from '../../helpers/run.js';

export interface LiveRun {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` in stderr (or stdout with `where`). */
  waitFor(re: RegExp, where?: 'stderr' | 'stdout', timeoutMs?: number): Promise<RegExpMatchArray>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startOurs(args: string[], env: Record<string, string>): LiveRun {
  return startLive(process.execPath, [ourBin, ...args], env);
}

/** The official binary, live (its PATH-aliases noise line is dropped from stderr). */
export function startOfficial(args: string[], env: Record<string, string>): LiveRun {
  const run = startLive(officialCodexBin(), args, env);
  const raw = run.stderr;
  return { ...run, stderr: () => filterNoise(raw()) };
}

function startLive(cmd: string, argv: string[], env: Record<string, string>): LiveRun {
  const child = spawn(cmd, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout.setEncoding('utf8').on('data', (d: string) => ((out += d), wake()));
  child.stderr.setEncoding('utf8').on('data', (d: string) => ((err += d), wake()));
  child.stdin.on('error', () => {});
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      wake();
      resolve({ code, signal });
    }),
  );
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void exit.then(() => clearTimeout(kill));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor(re, where = 'stderr', timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${re} in ${where}:\n${where === 'stderr' ? err : out}`)), timeoutMs);
        const check = () => {
          const m = (where === 'stderr' ? err : out).match(re);
          if (m) {
            clearTimeout(t);
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(t);
            reject(new Error(`exited before ${re}: stderr:\n${err}`));
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** The authorize URL our browser login prints. */
export const AUTHORIZE_URL = /^(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)$/m;

export function readAuth(home: string): Record<string, any> {
  return JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
