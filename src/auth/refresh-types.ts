/**
 * The seams of the refresh machinery: the one-step OAuth refresh call (oauth/refresh.ts), the
 * cross-process lock (store/'s flock). Kept as function types so the coordinator can be tested
 * against an in-memory store, an in-process lock and a fake refresh call.
 */
import type { RefreshedTokens, RefreshReason } from '../oauth/refresh.js';

export type { RefreshedTokens, RefreshReason };

export interface RefreshCall {
  url: string;
  clientId: string;
  refreshToken: string;
  reason: RefreshReason;
  /** Aborts the request (the coordinator bounds how long it holds its lock). */
  signal: AbortSignal;
}

/**
 * One refresh request. Rejects with a CodexAuthError: `oauth.refresh_permanent` (details.reason
 * expired | exhausted | revoked | other) or `oauth.refresh_transient` (spec §10.4).
 */
export type RefreshTokensFn = (call: RefreshCall) => Promise<RefreshedTokens>;

export interface LockOptions {
  /** Give up waiting after this long (rejects with a CodexAuthError). */
  timeoutMs: number;
  /** Creation mode of the lock file (default 0600). */
  mode?: number;
}

/** Runs `fn` while holding an exclusive flock(2) on `path` (created when missing). */
export type WithLock = <T>(path: string, fn: () => Promise<T>, options: LockOptions) => Promise<T>;
