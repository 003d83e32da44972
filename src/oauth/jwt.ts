/**
 * Reading a JWT's claims without verifying it (RFC 7519 §7.2 steps 1–7, signature skipped), exactly
 * as the official client parses id/access tokens (spec §5.7): split on `.`, at least three parts,
 * the first three non-empty, part two unpadded base64url, JSON inside.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import { parseJsonLikeSerde } from './json-text.js';

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes unpadded base64url like Rust's URL_SAFE_NO_PAD; throws its error text. */
export function decodeBase64UrlNoPad(s: string): Buffer {
  const bad = [...s].findIndex((c) => !B64URL.test(c));
  if (bad >= 0) throw new Error(`Invalid symbol ${s.charCodeAt(bad)}, offset ${bad}.`);
  if (s.length % 4 === 1) throw new Error(`Invalid input length: ${s.length}`);
  return Buffer.from(s, 'base64url');
}

/** The payload object; `oauth.invalid_id_token` (`invalid ID token format`, base64 or JSON text) otherwise. */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  if (parts.length < 3 || parts.slice(0, 3).some((p) => p === '')) {
    throw new CodexAuthError('oauth.invalid_id_token', OAUTH.invalidIdTokenFormat);
  }
  let json: unknown;
  try {
    const bytes = decodeBase64UrlNoPad(parts[1]!);
    json = parseJsonLikeSerde(bytes.toString('utf8'));
  } catch (e) {
    throw new CodexAuthError('oauth.invalid_id_token', (e as Error).message);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new CodexAuthError('oauth.invalid_id_token', OAUTH.invalidIdTokenFormat);
  }
  return json as Record<string, unknown>;
}

/** `exp` (seconds since the epoch) of a JWT, or undefined when it is not a JWT or has none. */
export function jwtExpiry(jwt: string): number | undefined {
  try {
    const exp = decodeJwtPayload(jwt)['exp'];
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}
