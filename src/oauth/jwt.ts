/**
 * Reading a JWT's claims without verifying it (RFC 7519 §7.2 steps 1–7, signature skipped), exactly
 * as the official client parses id/access tokens (spec §5.7): split on `.`, at least three parts,
 * the first three non-empty, part two unpadded base64url, JSON inside.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import { decodeBase64UrlStrict } from '../serde/plain.js';
import { parseJsonLikeSerde } from '../serde/text-errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Decodes unpadded base64url like Rust's base64 `URL_SAFE_NO_PAD`, failing with its texts
 * (`Invalid symbol 33, offset 1.`, `Invalid padding`, `Invalid input length: 5`,
 * `Invalid last symbol 98, offset 1.`), offsets and symbols in bytes.
 */
export function decodeBase64UrlNoPad(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x3d) end--;
  for (let i = 0; i < end; i++) {
    if (ALPHABET.indexOf(String.fromCharCode(bytes[i]!)) < 0 || bytes[i]! > 0x7f) {
      throw new Error(`Invalid symbol ${bytes[i]}, offset ${i}.`);
    }
  }
  if (end < bytes.length) throw new Error('Invalid padding');
  if (end % 4 === 1) throw new Error(`Invalid input length: ${end}`);
  if (end % 4 !== 0) {
    const last = ALPHABET.indexOf(String.fromCharCode(bytes[end - 1]!));
    const unusedBits = end % 4 === 2 ? 0b1111 : 0b11;
    if ((last & unusedBits) !== 0) throw new Error(`Invalid last symbol ${bytes[end - 1]}, offset ${end - 1}.`);
  }
  return Buffer.from(s, 'base64url');
}

/**
 * The payload object when `jwt` decodes as decodeJwtPayload requires, else undefined. Builds no
 * error text (and so loads nothing to build one): for readers that ignore undecodable tokens.
 */
export function jwtPayload(jwt: string): Record<string, unknown> | undefined {
  if (jwtPayloadPartsMissing(jwt)) return undefined;
  let json: unknown;
  const bytes = decodeBase64UrlStrict(jwt.split('.')[1]!); // accepts exactly what decodeBase64UrlNoPad does
  if (!bytes) return undefined;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
}

/** The payload object; `oauth.invalid_id_token` (`invalid ID token format`, base64 or JSON text) otherwise. */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const payload = jwtPayload(jwt);
  if (payload) return payload;
  throw new CodexAuthError('oauth.invalid_id_token', whyUndecodable(jwt));
}

/** The reference's words for why a JWT does not decode (the checks of jwtPayload, in order). */
function whyUndecodable(jwt: string): string {
  if (jwtPayloadPartsMissing(jwt)) return OAUTH.invalidIdTokenFormat;
  const payload = jwt.split('.')[1]!;
  let text: string;
  try {
    text = decodeBase64UrlNoPad(payload).toString('utf8');
  } catch (e) {
    return (e as Error).message;
  }
  try {
    parseJsonLikeSerde(text);
  } catch (e) {
    return (e as Error).message;
  }
  return OAUTH.invalidIdTokenFormat; // JSON, but not an object
}

function jwtPayloadPartsMissing(jwt: string): boolean {
  const parts = jwt.split('.');
  return parts.length < 3 || parts.slice(0, 3).some((p) => p === '');
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
