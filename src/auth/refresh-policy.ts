/**
 * When to refresh managed ChatGPT tokens proactively (codex-auth-spec.md §10.1,
 * codex-cli-observed.md §4).
 *
 * - Access token is a JWT with `exp`: refresh when `exp - now <= window`. The reference's window is
 *   300 s. Ours is `min(300 s, lifetime / 2)` where lifetime = `exp - (iat ?? last_refresh)`: for any
 *   token that lives 10 minutes or more this is exactly the reference's rule; for a token whose whole
 *   lifetime is inside the 300 s window (where 0.169.0 refreshes in a tight loop, ~50 requests/s)
 *   a generation is refreshed once, half-way through its life, and the fresh generation is never
 *   "already due" when it arrives.
 * - Otherwise (not a JWT, or no `exp`): refresh when `last_refresh` is older than 8 days; no
 *   `last_refresh` means never proactively. A JWT `exp` far in the future wins over a stale
 *   `last_refresh`.
 */

export const PROACTIVE_WINDOW_MS = 300_000;
export const LEGACY_MAX_AGE_MS = 8 * 24 * 3600_000;

export interface TokenTimes {
  /** Access-token `exp`, ms since epoch, when the access token is a JWT carrying it. */
  expiresAt?: number;
  /** Access-token `iat`, ms since epoch. */
  issuedAt?: number;
  /** `last_refresh` of the stored document, ms since epoch. */
  lastRefresh?: number;
}

/** The proactive window for this token generation, in ms. */
export function proactiveWindowMs(t: TokenTimes): number {
  if (t.expiresAt === undefined) return PROACTIVE_WINDOW_MS;
  const born = t.issuedAt ?? t.lastRefresh;
  if (born === undefined || born >= t.expiresAt) return PROACTIVE_WINDOW_MS;
  return Math.min(PROACTIVE_WINDOW_MS, Math.floor((t.expiresAt - born) / 2));
}

export function shouldRefreshProactively(t: TokenTimes, now: number): boolean {
  if (t.expiresAt !== undefined) return t.expiresAt - now <= proactiveWindowMs(t);
  if (t.lastRefresh === undefined) return false;
  return now - t.lastRefresh > LEGACY_MAX_AGE_MS;
}

/**
 * A time before which shouldRefreshProactively(t, now) is false (Infinity when it never becomes
 * true): callers that check on every request can skip the check until then.
 */
export function refreshDueAt(t: TokenTimes): number {
  if (t.expiresAt !== undefined) return t.expiresAt - proactiveWindowMs(t);
  if (t.lastRefresh === undefined) return Infinity;
  return t.lastRefresh + LEGACY_MAX_AGE_MS;
}

/** Parses `last_refresh` (any RFC 3339 precision); undefined when absent or unparsable. */
export function parseLastRefresh(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  // Date.parse understands at most millisecond precision: trim longer fractions first.
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}
