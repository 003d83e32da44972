/**
 * The seams of the refresh machinery: the one-step OAuth refresh call (oauth/), the cross-process
 * lock (store/'s flock), and the events the coordinator reports. Kept separate so the coordinator
 * can be tested against an in-memory store, a fake lock and a fake refresh call.
 */

/** `refresh_reason` values 0.169.0 sends (codex-cli-observed.md §4). */
export type RefreshReason = 'proactive_expiry' | 'unauthorized_recovery' | 'forced' | 'scheduled';

export interface RefreshCall {
  url: string;
  clientId: string;
  refreshToken: string;
  reason: RefreshReason;
  signal?: AbortSignal;
}

/** Each field is optional: the authority may omit any of them (spec §10.3, §14.7 case 62). */
export interface RefreshedTokens {
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
}

/**
 * One refresh request. Rejects with a CodexAuthError; permanent failures carry
 * `details.permanent === true` and `details.reason` ('expired' | 'exhausted' | 'revoked' | 'other').
 */
export type RefreshTokensFn = (call: RefreshCall) => Promise<RefreshedTokens>;

export interface LockOptions {
  /** Give up waiting after this long (rejects with a CodexAuthError). */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Runs `fn` while holding an exclusive flock(2) on `path` (created when missing). */
export type WithLock = <T>(path: string, fn: () => Promise<T>, options: LockOptions) => Promise<T>;
