/**
 * Advisory whole-file locks of the kind the official binary takes (observed §2.5: flock(2) on
 * POSIX; LockFileEx on Windows), so each excludes the other. fcntl/OFD locks would NOT exclude
 * flock holders. How the lock is taken — the fs-ext addon, a flock(1)/perl helper on our own
 * descriptor, or (where none works) a portable owner file — is lock-mechanism.ts's choice.
 */
import { open } from 'node:fs/promises';
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { lockMechanism } from './lock-mechanism.js';
import { rustIoError } from './rust-fmt.js';

export interface FlockOptions {
  /** Give up after this long (default: wait forever, like a blocking flock). */
  timeoutMs?: number;
  /** The error thrown on timeout (default: CodexAuthError `store.lock_timeout`, `credential commit lock timed out (…)`). */
  onTimeout?: () => Error;
  /** Sleep between attempts of the mechanisms that poll (default 10 ms, growing to 50 ms). */
  pollMs?: number;
  /** Aborting stops waiting (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called once when the lock is not taken at once (held by someone else, or a helper still waiting). */
  onBusy?: () => void;
}

/**
 * Opens (creating with `mode`, subject to the umask) `path`, takes an exclusive lock on it,
 * runs `fn`, then unlocks and closes. The lock file is left in place, as the reference does.
 */
export async function withFlock<T>(path: string, mode: number, fn: () => Promise<T>, opts: FlockOptions = {}): Promise<T> {
  const mechanism = await lockMechanism();
  let fh;
  try {
    fh = await open(path, 'a+', mode);
  } catch (e) {
    throw new CodexAuthError('store.lock', STORE.lockFailed(path, rustIoError(e)), { cause: e });
  }
  try {
    const acquiring = mechanism.acquire(fh, path, mode, {
      deadline: opts.timeoutMs === undefined ? Infinity : performance.now() + opts.timeoutMs,
      signal: opts.signal,
      pollMs: opts.pollMs,
      onTimeout: () =>
        opts.onTimeout?.() ?? new CodexAuthError('store.lock_timeout', STORE.lockTimeout + STORE.lockTimeoutHint(path), { details: { path } }),
    });
    // Not taken at once (whatever the mechanism): the lock is held by someone else, or being waited for.
    if (opts.onBusy) {
      let settled = false;
      acquiring.then(() => (settled = true), () => (settled = true));
      setImmediate(() => {
        if (!settled) opts.onBusy?.();
      });
    }
    const release = await acquiring;
    try {
      return await fn();
    } finally {
      await release();
    }
  } finally {
    await fh.close();
  }
}
