/**
 * What JSON.parse and Buffer can decide alone, exactly as serde_json and Rust's base64 would, so
 * the common case skips the byte-by-byte emulation (./reader.ts, ./schema.ts): a JSON text that
 * is "plain" (serde_json reads it to the very value JSON.parse gives) and strict unpadded
 * base64url. Both answer "don't know" (undefined / null) rather than guess: the caller then asks
 * the emulation, which gives the reference's value or error. A leaf module: loading it costs
 * almost nothing (the CLI's quick path, src/cli/quick.ts, relies on that).
 */

/** A `\uD800`–`\uDFFF` escape: serde pairs or rejects surrogates differently from JSON.parse. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/**
 * A JSON string token (in a text JSON.parse accepted, so every match is a whole string). Written
 * as an unrolled loop: `(?:[^"\\]|\\.)*` backtracks once per character and overflows the regexp
 * stack on a multi-megabyte string ("Maximum call stack size exceeded").
 */
const STRING_TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"/g;
const MAX_DEPTH = 64;

/**
 * JSON.parse of a text that is also plain for serde_json: no duplicate keys anywhere, no
 * surrogate escapes, finite numbers, limited depth. undefined when any of that fails.
 */
export function parsePlainJson(text: string): unknown {
  if (SURROGATE_ESCAPE.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Each ':' outside strings separates one key from its value; fewer keys in the result than
  // separators in the text means a key was repeated. (The regular expressions run natively:
  // a character loop here was the largest cost of reading auth.json.)
  const colons = text.replace(STRING_TOKEN, '').split(':').length - 1;
  return countKeys(value, 0) === colons ? value : undefined;
}

/** Number of keys in every object of the tree; -1 for a non-finite number or too deep a tree. */
function countKeys(v: unknown, depth: number): number {
  if (typeof v === 'number') return Number.isFinite(v) ? 0 : -1;
  if (typeof v !== 'object' || v === null) return 0;
  if (depth > MAX_DEPTH) return -1;
  let n = 0;
  const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
  if (!Array.isArray(v)) n += children.length;
  for (const c of children) {
    const k = countKeys(c, depth + 1);
    if (k < 0) return -1;
    n += k;
  }
  return n;
}

const B64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Strict unpadded base64url, as Rust's base64 `URL_SAFE_NO_PAD` accepts it (no `=`, no other
 * symbol, no impossible length, zero unused trailing bits): the bytes, or null when it would
 * fail (oauth/jwt.ts's decodeBase64UrlNoPad says why, with the reference's words).
 */
export function decodeBase64UrlStrict(s: string): Buffer | null {
  if (!B64URL.test(s)) return null;
  const rest = s.length % 4;
  if (rest === 1) return null;
  // The last symbol of a partial group carries 4 (2 symbols) or 2 (3 symbols) unused bits: all zero.
  if (rest !== 0 && (ALPHABET.indexOf(s[s.length - 1]!) & (rest === 2 ? 0b1111 : 0b11)) !== 0) return null;
  return Buffer.from(s, 'base64url');
}
