/**
 * Schema-directed reading, like a derived `Deserialize` fed by `serde_json::from_slice`: a `Schema`
 * says what each field must be; unknown fields are skipped with serde's `IgnoredAny` rules but
 * their values are kept (callers preserve them on rewrite). An error raised by a visitor after a
 * token (missing field, unknown variant, custom check) is placed where the enclosing container's
 * reader stood after trying to consume its closing bracket.
 *
 * Why: the official Codex binary deserializes auth.json into typed structs, and `codex login
 * status` on a malformed one prints serde_json's message (`key must be a string at line 1 column
 * 2`) or, for type errors, the redacted `invalid credential JSON (Data at line 1 column N)`.
 */
import { dataError, SERDE_MSG as MSG, SerdeError } from './error.js';
import { Reader, setOwn } from './reader.js';

/** A field of a struct schema. */
export interface FieldSchema {
  schema: Schema;
  /** Missing in the input is fine (Option<T> or #[serde(default)]); the value is then absent. */
  optional: boolean;
  /** Default used for the tuple (array) form of the struct: only `#[serde(default)]` fields have one. */
  seqDefault?: boolean;
}

export type Schema =
  | { t: 'string' }
  | { t: 'bool' }
  | { t: 'option'; of: Schema }
  | { t: 'enum'; variants: readonly string[] }
  | { t: 'struct'; fields: Readonly<Record<string, FieldSchema>> }
  /** `#[serde(untagged)]`: read any value, then `accept` says whether some variant matches. */
  | { t: 'untagged'; accept: (v: unknown) => boolean }
  /** A typed value plus a check run after it was read (like `deserialize_with`). */
  | {
      t: 'check';
      of: Schema;
      /** Returns an error, or null when the value is fine. */
      check: (v: unknown) => SerdeError | null;
      /**
       * true: the check runs inside the string visitor (like chrono's DateTime), so its error is
       * placed right after the value. false: it runs after (like `deserialize_with`), so the
       * enclosing struct places it.
       */
      inVisitor: boolean;
    };

/** Typed read of one value, like a derived Deserialize. */
function readValue(r: Reader, schema: Schema): unknown {
  switch (schema.t) {
    case 'option': {
      if (r.ws() === 0x6e) {
        r.i++;
        r.ident('ull');
        return null;
      }
      return readValue(r, schema.of);
    }
    case 'string': {
      const c = r.ws();
      if (c === undefined) throw r.peekError(MSG.eofValue);
      if (c === 0x22) {
        r.i++;
        return r.str();
      }
      throw r.invalidType();
    }
    case 'bool': {
      const c = r.ws();
      if (c === undefined) throw r.peekError(MSG.eofValue);
      if (c === 0x74 || c === 0x66) {
        r.i++;
        r.ident(c === 0x74 ? 'rue' : 'alse');
        return c === 0x74;
      }
      throw r.invalidType();
    }
    case 'enum':
      return enumValue(r, schema.variants);
    case 'struct':
      return structValue(r, schema.fields);
    case 'untagged': {
      const v = r.anyValue();
      // "data did not match any variant" has no position: the enclosing struct places it.
      if (!schema.accept(v)) throw dataError('data did not match any variant');
      return v;
    }
    case 'check': {
      const v = readValue(r, schema.of);
      if (v === null) return v;
      const err = schema.check(v);
      if (err) throw schema.inVisitor ? r.fix(err) : err;
      return v;
    }
  }
}

function enumValue(r: Reader, variants: readonly string[]): unknown {
  const c = r.ws();
  if (c === 0x22) {
    r.i++;
    const s = r.str();
    if (!variants.includes(s)) {
      const p = r.position();
      throw dataError('unknown variant').at(p.line, p.column);
    }
    return s;
  }
  if (c === 0x7b) {
    // Externally tagged form of a unit variant: {"apikey": null}.
    r.i++;
    r.enter();
    const w = r.ws();
    if (w !== 0x22) throw r.peekError(w === undefined ? MSG.eofValue : MSG.value);
    r.i++;
    const s = r.str();
    if (!variants.includes(s)) {
      const p = r.position();
      throw dataError('unknown variant').at(p.line, p.column);
    }
    r.colon();
    const u = r.ws();
    if (u === undefined) throw r.peekError(MSG.eofValue);
    if (u !== 0x6e) throw r.invalidType();
    r.i++;
    r.ident('ull');
    r.leave();
    const end = r.ws();
    if (end === 0x7d) {
      r.i++;
      return s;
    }
    throw r.error(end === undefined ? MSG.eofObject : MSG.value);
  }
  throw r.peekError(c === undefined ? MSG.eofValue : MSG.value);
}

function structValue(r: Reader, fields: Readonly<Record<string, FieldSchema>>): unknown {
  const c = r.ws();
  if (c === undefined) throw r.peekError(MSG.eofValue);
  if (c === 0x7b) return r.container(() => visitMap(r, fields), () => r.endMap());
  if (c === 0x5b) return r.container(() => visitSeq(r, fields), () => r.endSeq());
  throw r.invalidType();
}

function visitMap(r: Reader, fields: Readonly<Record<string, FieldSchema>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (let first = true; ; first = false) {
    const key = r.mapKey(first);
    if (key === null) break;
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (field && seen.has(key)) throw dataError('duplicate field');
    seen.add(key);
    r.colon();
    setOwn(out, key, field ? readValue(r, field.schema) : r.ignoreValue());
  }
  for (const [name, f] of Object.entries(fields)) {
    if (!f.optional && !seen.has(name)) throw dataError('missing field');
  }
  return out;
}

function visitSeq(r: Reader, fields: Readonly<Record<string, FieldSchema>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let first = true;
  for (const [name, f] of Object.entries(fields)) {
    if (r.nextElement(first, 0x5d) === null) {
      if (f.seqDefault) continue;
      throw dataError('invalid length');
    }
    first = false;
    setOwn(out, name, readValue(r, f.schema));
  }
  return out;
}

/**
 * Reads `bytes` as one JSON document of the given schema, like `serde_json::from_slice`.
 * Throws SerdeError (positioned) on the first error in document order.
 */
export function serdeFromSlice(bytes: Uint8Array, schema: Schema): unknown {
  const r = new Reader(bytes);
  let v: unknown;
  try {
    v = readValue(r, schema);
  } catch (e) {
    throw r.fix(e);
  }
  r.end();
  return v;
}
