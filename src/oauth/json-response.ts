/**
 * Reading typed fields out of a JSON response body with serde-like error texts
 * (`missing field \`x\` at line 1 column 17`, `expected value at line 1 column 1`).
 */
import { parseJsonLikeSerde, serdeInvalidType, serdeMissingField } from '../serde/text-errors.js';

/** A JSON object body; throws Error(serde text) when the body is not a JSON object. */
export function jsonObject(text: string, expected: string): Record<string, unknown> {
  const v = parseJsonLikeSerde(text);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(serdeInvalidType(text, v, expected));
  return v as Record<string, unknown>;
}

/** A required string field (first present of `names`, the first name is reported when missing). */
export function requiredString(text: string, o: Record<string, unknown>, ...names: string[]): string {
  for (const n of names) {
    const v = o[n];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new Error(serdeInvalidType(text, v, 'a string'));
    return v;
  }
  throw new Error(serdeMissingField(text, names[0]!));
}
