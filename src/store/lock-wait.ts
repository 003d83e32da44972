/**
 * How long and how a lock attempt may wait (shared by the lock mechanisms): a deadline on
 * `performance.now()`, an abort signal, the error thrown at the deadline, and the polling loop of
 * the mechanisms that can only try without blocking.
 */
export interface LockWait {
  /** `performance.now()` value to give up at (Infinity: wait forever). */
  deadline: number;
  signal?: AbortSignal;
  /** First sleep between attempts (default 10 ms, growing to 50 ms); fixed when given. */
  pollMs?: number;
  /** The error to throw at the deadline. */
  onTimeout: () => Error;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls `attempt` until it returns true, sleeping between tries; throws `onTimeout()` at the deadline. */
export async function pollUntil(attempt: () => Promise<boolean> | boolean, w: LockWait): Promise<void> {
  let wait = w.pollMs ?? 10;
  for (;;) {
    w.signal?.throwIfAborted();
    if (await attempt()) return;
    if (performance.now() >= w.deadline) throw w.onTimeout();
    await sleep(Math.min(wait, Math.max(1, w.deadline - performance.now())));
    if (w.pollMs === undefined) wait = Math.min(50, wait * 1.5);
  }
}
