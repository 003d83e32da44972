/**
 * The device-code polling loop (spec §6.2): poll, and while the answer is "pending" (403/404)
 * wait `interval` seconds and try again, for at most 15 minutes. Unlike the reference we never
 * poll faster than once a second (a missing or 0 interval made it poll every ~2 ms), and stop at once when the AbortSignal fires (Ctrl-C).
 */
import type { Clock } from '../../env.js';
import { deviceTimeoutError } from '../../oauth/device-poll.js';
import { abortableSleep } from '../sleep.js';

export const DEVICE_LIMIT_MS = 15 * 60 * 1000;
export const MIN_INTERVAL_MS = 1000;

export function pollDelayMs(interval: number, remainingMs: number): number {
  return Math.max(0, Math.min(Math.max(interval * 1000, MIN_INTERVAL_MS), remainingMs));
}

export type PollAnswer<T> = { pending: true } | { pending: false; value: T };

export interface PollLoopOptions<T> {
  /** One poll request; resolves pending or the answer, rejects on any other failure. */
  pollOnce: (signal: AbortSignal | undefined) => Promise<PollAnswer<T>>;
  interval: number;
  now: Clock;
  signal?: AbortSignal;
  limitMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export async function pollUntilApproved<T>(opts: PollLoopOptions<T>): Promise<T> {
  const limit = opts.limitMs ?? DEVICE_LIMIT_MS;
  const sleep = opts.sleep ?? abortableSleep;
  const start = opts.now();
  for (;;) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const answer = await opts.pollOnce(opts.signal);
    if (!answer.pending) return answer.value;
    const elapsed = opts.now() - start;
    if (elapsed >= limit) throw deviceTimeoutError();
    await sleep(pollDelayMs(opts.interval, limit - elapsed), opts.signal);
  }
}
