/**
 * What the AuthManager reads out of stored tokens, unverified (as the reference does, spec §2,
 * §5.7), through oauth/'s JWT decoding: access-token `exp`/`iat` for the refresh policy, and the
 * id_token's ChatGPT claims for getAuth() and request headers.
 *
 * Decoding is cached per token string (a few entries): getAuth(), headers() and fetch() read the
 * same tokens on every call, and decoding a JWT costs far more than the rest of a call. The
 * result is a pure function of the string, so a cached value can never be stale; callers get a
 * copy, so they cannot alter it.
 */
import { jwtPayload } from '../oauth/jwt.js';
import { idTokenClaims, type IdTokenInfo } from '../oauth/id-token.js';
import type { AuthDotJson } from '../store/types.js';
import { parseLastRefresh, type TokenTimes } from './refresh-policy.js';

const CACHE_SIZE = 8;

/** A small cache from token string to decoded value (oldest entry evicted first). */
function memo<T extends object>(decode: (token: string) => T): (token: string) => T {
  const cache = new Map<string, T>();
  return (token) => {
    let v = cache.get(token);
    if (v === undefined) {
      v = decode(token);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(token, v);
    }
    return { ...v };
  };
}

function seconds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v * 1000 : undefined;
}

/** `exp` and `iat` of an access token, in ms since epoch (absent when not a JWT or not carried). */
export function accessTokenTimes(accessToken: string | undefined): { expiresAt?: number; issuedAt?: number } {
  return accessToken ? cachedTimes(accessToken) : {};
}

const cachedTimes = memo((accessToken: string): { expiresAt?: number; issuedAt?: number } => {
  const p = jwtPayload(accessToken);
  if (!p) return {};
  const out: { expiresAt?: number; issuedAt?: number } = {};
  const exp = seconds(p['exp']);
  const iat = seconds(p['iat']);
  if (exp !== undefined) out.expiresAt = exp;
  if (iat !== undefined) out.issuedAt = iat;
  return out;
});

/** The id_token's claims, or all-absent when it does not decode. */
export function idTokenInfo(idToken: string | undefined): Partial<IdTokenInfo> & { fedramp: boolean } {
  return idToken ? cachedIdInfo(idToken) : { fedramp: false };
}

const cachedIdInfo = memo((idToken: string): Partial<IdTokenInfo> & { fedramp: boolean } => {
  const claims = jwtPayload(idToken);
  return claims ? idTokenClaims(claims) : { fedramp: false };
});

/** What the refresh policy (refresh-policy.ts) needs of a stored document. */
export function tokenTimes(doc: AuthDotJson): TokenTimes {
  const times: TokenTimes = { ...accessTokenTimes(doc.tokens?.access_token) };
  const lastRefresh = parseLastRefresh(doc.last_refresh);
  if (lastRefresh !== undefined) times.lastRefresh = lastRefresh;
  return times;
}
