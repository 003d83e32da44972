/**
 * Advisory whole-file locks with real flock(2) (fs-ext), the same kind the official binary takes
 * (observed §2.5), so each excludes the other. fcntl/OFD locks would NOT exclude flock holders.
 *
 * We never block a libuv thread: every attempt is `LOCK_EX|LOCK_NB` (a cheap synchronous
 * syscall), retried after short sleeps until the deadline.
 */
import { open } from 'node:fs/promises';
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { rustIoError } from './rust-fmt.js';

export interface FlockOptions {
  /** Give up after this long (default: wait forever, like a blocking flock). */
  timeoutMs?: number;
  /** The error thrown on timeout (default: CodexAuthError `store.lock_timeout`, `credential commit lock timed out (…)`). */
  onTimeout?: () => Error;
  /** Sleep between attempts (default 10 ms, growing to 50 ms). */
  pollMs?: number;
  /** Aborting stops waiting (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called once, when the first attempt finds the lock held by someone else. */
  onBusy?: () => void;
}

type FsExt = typeof import('fs-ext');
let fsExt: Promise<FsExt> | undefined;
function loadFsExt(): Promise<FsExt> {
  fsExt ??= import('fs-ext').then((m) => ((m as { default?: FsExt }).default ?? m) as FsExt);
  return fsExt;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isWouldBlock(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/**
 * Opens (creating with `mode`, subject to the umask) `path`, takes an exclusive flock on it,
 * runs `fn`, then unlocks and closes. The lock file is left in place, as the reference does.
 */
export async function withFlock<T>(path: string, mode: number, fn: () => Promise<T>, opts: FlockOptions = {}): Promise<T> {
  const { flockSync } = await loadFsExt();
  let fh;
  try {
    fh = await open(path, 'a+', mode);
  } catch (e) {
    throw new CodexAuthError('store.lock', STORE.lockFailed(path, rustIoError(e)), { cause: e });
  }
  try {
    const deadline = opts.timeoutMs === undefined ? Infinity : performance.now() + opts.timeoutMs;
    let wait = opts.pollMs ?? 10;
    let busy = false;
    for (;;) {
      opts.signal?.throwIfAborted();
      try {
        flockSync(fh.fd, 'exnb');
        break;
      } catch (e) {
        if (!isWouldBlock(e)) throw new CodexAuthError('store.lock', STORE.lockFailed(path, rustIoError(e)), { cause: e });
      }
      if (!busy) {
        busy = true;
        opts.onBusy?.();
      }
      if (performance.now() >= deadline) {
        throw opts.onTimeout?.() ?? new CodexAuthError('store.lock_timeout', STORE.lockTimeout + STORE.lockTimeoutHint(path), { details: { path } });
      }
      await sleep(Math.min(wait, Math.max(1, deadline - performance.now())));
      if (opts.pollMs === undefined) wait = Math.min(50, wait * 1.5);
    }
    try {
      return await fn();
    } finally {
      try {
        flockSync(fh.fd, 'un');
      } catch {
        // Closing the descriptor releases the lock anyway.
      }
    }
  } finally {
    await fh.close();
  }
}
