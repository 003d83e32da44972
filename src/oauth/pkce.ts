/**
 * PKCE (RFC 7636 §4.1–4.2, S256) and the `state` value, sized like the official client
 * (codex-cli-observed.md §2.1.2): verifier = base64url(64 random bytes) = 86 chars,
 * challenge = base64url(SHA-256(verifier)) = 43 chars, state = base64url(32 random bytes) = 43 chars.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  codeVerifier: string;
  codeChallenge: string;
}

/** Random bytes source (injectable for tests). */
export type RandomBytes = (size: number) => Uint8Array;

const defaultRandom: RandomBytes = (n) => randomBytes(n);

/** RFC 7636 §4.2: `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`. */
export function codeChallengeS256(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

/** RFC 7636 §4.1: a fresh verifier (86 chars) and its S256 challenge. */
export function generatePkce(random: RandomBytes = defaultRandom): Pkce {
  const codeVerifier = Buffer.from(random(64)).toString('base64url');
  return { codeVerifier, codeChallenge: codeChallengeS256(codeVerifier) };
}

/** RFC 6749 §10.12 CSRF `state`: 32 random bytes, base64url (43 chars). */
export function generateState(random: RandomBytes = defaultRandom): string {
  return Buffer.from(random(32)).toString('base64url');
}
