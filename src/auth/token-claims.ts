/**
 * What the AuthManager reads out of stored tokens, unverified (as the reference does, spec §2,
 * §5.7), through oauth/'s JWT decoding: access-token `exp`/`iat` for the refresh policy, and the
 * id_token's ChatGPT claims for getAuth() and request headers.
 */
import { decodeJwtPayload } from '../oauth/jwt.js';
import { parseIdToken, type IdTokenInfo } from '../oauth/id-token.js';

function seconds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v * 1000 : undefined;
}

/** `exp` and `iat` of an access token, in ms since epoch (absent when not a JWT or not carried). */
export function accessTokenTimes(accessToken: string | undefined): { expiresAt?: number; issuedAt?: number } {
  if (!accessToken) return {};
  let p: Record<string, unknown>;
  try {
    p = decodeJwtPayload(accessToken);
  } catch {
    return {};
  }
  const out: { expiresAt?: number; issuedAt?: number } = {};
  const exp = seconds(p['exp']);
  const iat = seconds(p['iat']);
  if (exp !== undefined) out.expiresAt = exp;
  if (iat !== undefined) out.issuedAt = iat;
  return out;
}

/** The id_token's claims, or all-absent when it does not decode. */
export function idTokenInfo(idToken: string | undefined): Partial<IdTokenInfo> & { fedramp: boolean } {
  if (!idToken) return { fedramp: false };
  try {
    return parseIdToken(idToken);
  } catch {
    return { fedramp: false };
  }
}
