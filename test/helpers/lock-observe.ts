// Observing file locks from outside, without sleeps: who holds or waits (/proc/locks, /proc/PID/fd),
// and a flock(1) holder that keeps a lock until we close its stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

/** Calls `cond` every few ms until it is true (observing state, not timing); fails after `timeoutMs`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lines of /proc/locks about `file`'s inode: FLOCK holders and blocked waiters (`->`). */
export function flockEntries(file: string): { held: number; waiting: number } {
  const ino = statSync(file).ino;
  const lines = readFileSync('/proc/locks', 'utf8').split('\n').filter((l) => / FLOCK /.test(l) && new RegExp(`:${ino} `).test(l));
  return { held: lines.filter((l) => !l.includes('->')).length, waiting: lines.filter((l) => l.includes('->')).length };
}

/** True when process `pid` has `file` open (it reached its lock attempt on that file). */
export function hasOpen(pid: number, file: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

export interface Holder {
  child: ChildProcess;
  /** Closes the holder's stdin: `cat` ends, flock(1) exits, the lock is released; resolves on exit. */
  release(): Promise<void>;
}

/** `flock -x FILE sh -c 'echo locked; exec cat'`: holds FILE (the official binary's kind of lock) until released. */
export function holdWithFlock1(file: string): Promise<Holder> {
  return new Promise((resolve, reject) => {
    const child = spawn('flock', ['-x', file, 'sh', '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    child.on('error', reject);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      if (d.includes('locked')) resolve({ child, release: () => (child.stdin!.end(), exited) });
    });
  });
}
