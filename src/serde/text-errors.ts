/**
 * serde_json's error texts for a JSON text that is read with `JSON.parse` (issuer response bodies,
 * JWT payloads): `expected value at line 1 column 1`, `EOF while parsing an object at line 1
 * column 6`, `missing field \`x\` at line 1 column 17`, ... The official binary decodes these into
 * typed structs; only the text of the first error is needed, so the fast `JSON.parse` reads them
 * and ./reader.ts runs only to place an error.
 */
import { positionText, SerdeError } from './error.js';
import { Reader } from './reader.js';
import { serdeFromSlice, type Schema } from './schema.js';

/** A struct whose members are all unknown to us: each value is read with serde's `ignore_value`. */
const ANY_STRUCT: Schema = { t: 'struct', fields: {} };

/** Parses `text` as JSON; throws an Error whose message is serde_json's wording for the problem. */
export function parseJsonLikeSerde(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(serdeSyntaxError(text));
  }
}

/**
 * The serde_json error for a text JSON.parse rejected. An object is read the way a derived
 * struct reads it (members after a comma, unknown values skipped with `ignore_value`: checked
 * against the 0.169.0 binary); anything else as a generic value.
 */
export function serdeSyntaxError(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const r = new Reader(bytes);
  try {
    if (r.ws() === 0x7b) {
      serdeFromSlice(bytes, ANY_STRUCT);
    } else {
      r.anyValue();
      r.end();
    }
  } catch (e) {
    if (e instanceof SerdeError) return e.message;
    throw e;
  }
  // JSON.parse and the reader disagree (e.g. nesting too deep for JSON.parse): say something true and short.
  return `expected value at ${positionText(bytes, Math.min(1, bytes.length))}`;
}

function trimmedEnd(bytes: Uint8Array): number {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09 || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  return end;
}

/** Position of the end of the top-level value (serde reports `missing field` errors there). */
export function serdeEndPosition(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return positionText(bytes, trimmedEnd(bytes));
}

/** `missing field \`name\` at line L column C` for a body that lacks a required field. */
export function serdeMissingField(text: string, field: string): string {
  return `missing field \`${field}\` at ${serdeEndPosition(text)}`;
}

/** `invalid type: <what>, expected <expected> at line L column C`. */
export function serdeInvalidType(text: string, value: unknown, expected: string): string {
  return `invalid type: ${describe(value)}, expected ${expected} at ${serdeEndPosition(text)}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return `boolean \`${value}\``;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'sequence';
  return 'map';
}

/**
 * For valid JSON: each top-level member's key and the byte offsets of its value (start, just
 * past the end), in document order; none when the text is not an object.
 */
function memberSpans(bytes: Uint8Array): Array<{ key: string; start: number; end: number }> {
  const r = new Reader(bytes);
  const out: Array<{ key: string; start: number; end: number }> = [];
  if (r.ws() !== 0x7b) return out;
  r.i++;
  for (let first = true; r.nextElement(first, 0x7d) === 0x22; first = false) {
    r.i++;
    const key = r.ignoreStr(); // lenient, like JSON.parse (a lone surrogate is kept)
    r.colon();
    r.ws();
    const start = r.i;
    r.ignoreValue();
    out.push({ key, start, end: r.i });
  }
  return out;
}

/** For valid JSON: the offset just past the top-level value (or, for an array, its first element). */
function nonObjectDataEnd(bytes: Uint8Array): number {
  const r = new Reader(bytes);
  if (r.ws() !== 0x5b) return trimmedEnd(bytes);
  // `[x, ...]`: serde maps a sequence onto the struct's fields and fails on the first element.
  r.i++;
  if (r.ws() !== 0x5d) r.ignoreValue();
  return r.i;
}

/**
 * serde_json's position for a "data" error (wrong type or missing field) while decoding `text`
 * (valid JSON) into a struct whose fields `check` validates: the first mistyped member's end, else
 * the end of the object when a required field is missing. undefined when everything is fine.
 */
export function serdeDataErrorPosition(
  text: string,
  check: (key: string, value: unknown) => boolean,
  required: readonly string[],
): string | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const v = JSON.parse(text) as unknown;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return positionText(bytes, nonObjectDataEnd(bytes));
  const o = v as Record<string, unknown>;
  for (const { key, start, end } of memberSpans(bytes)) {
    const value = o[key];
    // serde consumes a mistyped scalar before failing, but fails on a map/sequence at its first byte.
    if (!check(key, value)) return positionText(bytes, value !== null && typeof value === 'object' ? start + 1 : end);
  }
  if (required.some((k) => o[k] === undefined)) return positionText(bytes, trimmedEnd(bytes));
  return undefined;
}
