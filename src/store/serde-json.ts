/**
 * A JSON reader that fails exactly like Rust's serde_json does when the official Codex binary
 * deserializes auth.json into its typed structs: same error kinds, same wording, same
 * line/column (bytes consumed on the line), same "first error in document order wins".
 *
 * Why: `codex login status` on a malformed auth.json prints serde_json's message
 * (`key must be a string at line 1 column 2`) or, for type errors, the redacted form
 * `invalid credential JSON (Data at line 1 column N)`. We print the same text.
 *
 * The reader is schema-directed (like a derived `Deserialize`): a `Schema` says what each field
 * must be; unknown fields are skipped with serde's `IgnoredAny` rules but their values are kept
 * (we preserve them on rewrite). Positions follow serde_json's rules: an error raised while
 * reading a token is placed at the bytes consumed (`error`) or one past (`peek_error`); an error
 * raised by a visitor after a token (missing field, unknown variant, custom check) is placed
 * where the enclosing container's reader stood after trying to consume its closing bracket.
 */

export type SerdeCategory = 'Syntax' | 'Eof' | 'Data';

export class SerdeError extends Error {
  constructor(
    readonly category: SerdeCategory,
    /** serde_json's message without the position ("key must be a string"). */
    readonly reason: string,
    public line = 0,
    public column = 0,
  ) {
    super(line === 0 ? reason : `${reason} at line ${line} column ${column}`);
    this.name = 'SerdeError';
  }
  get positioned(): boolean {
    return this.line !== 0;
  }
  at(line: number, column: number): this {
    this.line = line;
    this.column = column;
    this.message = `${this.reason} at line ${line} column ${column}`;
    return this;
  }
}

const MSG = {
  eofList: 'EOF while parsing a list',
  eofObject: 'EOF while parsing an object',
  eofString: 'EOF while parsing a string',
  eofValue: 'EOF while parsing a value',
  colon: 'expected `:`',
  listCommaOrEnd: 'expected `,` or `]`',
  objectCommaOrEnd: 'expected `,` or `}`',
  ident: 'expected ident',
  value: 'expected value',
  escape: 'invalid escape',
  number: 'invalid number',
  codePoint: 'invalid unicode code point',
  control: 'control character (\\u0000-\\u001F) found while parsing a string',
  keyString: 'key must be a string',
  loneSurrogate: 'lone leading surrogate in hex escape',
  trailingComma: 'trailing comma',
  trailingChars: 'trailing characters',
  hexEnd: 'unexpected end of hex escape',
  recursion: 'recursion limit exceeded',
} as const;

const EOF_REASONS = new Set<string>([MSG.eofList, MSG.eofObject, MSG.eofString, MSG.eofValue]);

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

/** A visitor-raised error without a position (fixed later by the enclosing reader). */
export function dataError(reason = 'invalid data'): SerdeError {
  return new SerdeError('Data', reason);
}

class Reader {
  i = 0;
  depth = 128;
  constructor(readonly b: Uint8Array) {}

  position(index = this.i): { line: number; column: number } {
    let line = 1;
    let start = 0;
    for (let k = 0; k < index; k++) {
      if (this.b[k] === 0x0a) {
        line++;
        start = k + 1;
      }
    }
    return { line, column: index - start };
  }
  error(reason: string): SerdeError {
    const p = this.position();
    return new SerdeError(EOF_REASONS.has(reason) ? 'Eof' : 'Syntax', reason, p.line, p.column);
  }
  peekError(reason: string): SerdeError {
    const p = this.position(Math.min(this.i + 1, this.b.length));
    return new SerdeError(EOF_REASONS.has(reason) ? 'Eof' : 'Syntax', reason, p.line, p.column);
  }
  /** serde_json's `fix_position`: a visitor error gets the current position. */
  fix(e: unknown): unknown {
    if (e instanceof SerdeError && !e.positioned) {
      const p = this.position();
      e.at(p.line, p.column);
    }
    return e;
  }

  peek(): number | undefined {
    return this.b[this.i];
  }
  next(): number | undefined {
    return this.i < this.b.length ? this.b[this.i++] : undefined;
  }
  ws(): number | undefined {
    for (;;) {
      const c = this.b[this.i];
      if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) this.i++;
      else return c;
    }
  }

  ident(rest: string): void {
    for (let k = 0; k < rest.length; k++) {
      const c = this.next();
      if (c === undefined) throw this.error(MSG.eofValue);
      if (c !== rest.charCodeAt(k)) throw this.error(MSG.ident);
    }
  }

  /** Reads a number (after an optional '-' was eaten); returns its text. */
  number(start: number): number {
    const first = this.next();
    if (first === undefined) throw this.error(MSG.eofValue);
    if (first === 0x30) {
      const p = this.peek();
      if (p !== undefined && p >= 0x30 && p <= 0x39) throw this.peekError(MSG.number);
    } else if (first >= 0x31 && first <= 0x39) {
      while (isDigit(this.peek())) this.i++;
    } else {
      throw this.error(MSG.number);
    }
    if (this.peek() === 0x2e) {
      this.i++;
      let digits = false;
      while (isDigit(this.peek())) {
        this.i++;
        digits = true;
      }
      if (!digits) throw this.peekError(this.peek() === undefined ? MSG.eofValue : MSG.number);
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const s = this.peek();
      if (s === 0x2b || s === 0x2d) this.i++;
      const d = this.next();
      if (!isDigit(d)) throw this.error(d === undefined ? MSG.eofValue : MSG.number);
      while (isDigit(this.peek())) this.i++;
    }
    return Number(new TextDecoder().decode(this.b.subarray(start, this.i)));
  }

  /** Reads a string body (the opening quote was eaten). */
  str(): string {
    const parts: number[] = [];
    let text = '';
    const flush = (): void => {
      if (parts.length) {
        text += Buffer.from(parts).toString('utf8');
        parts.length = 0;
      }
    };
    for (;;) {
      const c = this.b[this.i];
      if (c === undefined) throw this.error(MSG.eofString);
      if (c === 0x22) {
        this.i++;
        flush();
        return text;
      }
      if (c < 0x20) throw this.error(MSG.control);
      this.i++;
      if (c !== 0x5c) {
        parts.push(c);
        continue;
      }
      const esc = this.next();
      if (esc === undefined) throw this.error(MSG.eofString);
      const simple: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 };
      if (esc in simple) {
        parts.push(simple[esc]!);
        continue;
      }
      if (esc !== 0x75) throw this.error(MSG.escape);
      const unit = this.hex4();
      flush();
      if (unit >= 0xd800 && unit <= 0xdbff) {
        // A leading surrogate must be followed by `\u` + a trailing one.
        const b1 = this.next();
        if (b1 === undefined) throw this.error(MSG.eofString);
        if (b1 !== 0x5c) throw this.error(MSG.hexEnd);
        const b2 = this.next();
        if (b2 === undefined) throw this.error(MSG.eofString);
        if (b2 !== 0x75) throw this.error(MSG.hexEnd);
        const low = this.hex4();
        if (low >= 0xdc00 && low <= 0xdfff) {
          text += String.fromCharCode(unit, low);
          continue;
        }
        throw this.error(MSG.loneSurrogate);
      }
      // serde_json reports a lone trailing surrogate with the same wording.
      if (unit >= 0xdc00 && unit <= 0xdfff) throw this.error(MSG.loneSurrogate);
      text += String.fromCharCode(unit);
    }
  }
  /** Four hex digits: all four bytes are read first, then checked (serde_json ≥ 1.0.1xx). */
  private hex4(): number {
    if (this.i + 4 > this.b.length) {
      this.i = this.b.length;
      throw this.error(MSG.eofString);
    }
    let n = 0;
    let bad = false;
    for (let k = 0; k < 4; k++) {
      const h = hexVal(this.b[this.i++]!);
      if (h < 0) bad = true;
      n = n * 16 + h;
    }
    if (bad) throw this.error(MSG.escape);
    return n;
  }
  /** Skips a string like serde's `ignore_str` (escapes checked, surrogates not paired). */
  ignoreStr(): string {
    const start = this.i;
    for (;;) {
      const c = this.b[this.i];
      if (c === undefined) throw this.error(MSG.eofString);
      if (c === 0x22) {
        this.i++;
        break;
      }
      if (c < 0x20) throw this.error(MSG.control);
      this.i++;
      if (c === 0x5c) {
        const esc = this.next();
        if (esc === undefined) throw this.error(MSG.eofString);
        if (esc === 0x75) {
          this.hex4();
        } else if (![0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(esc)) {
          throw this.error(MSG.escape);
        }
      }
    }
    // Decode leniently (lone surrogates become U+FFFD) — the value is only kept, never used.
    try {
      return JSON.parse(new TextDecoder().decode(this.b.subarray(start - 1, this.i))) as string;
    } catch {
      return new TextDecoder().decode(this.b.subarray(start, this.i - 1));
    }
  }

  /** Reads a scalar starting with byte `c` (null, true, false, number, string); undefined if none starts with `c`. */
  private scalar(c: number, lenientStr: boolean): { v: unknown } | undefined {
    switch (c) {
      case 0x6e:
        this.i++;
        this.ident('ull');
        return { v: null };
      case 0x74:
        this.i++;
        this.ident('rue');
        return { v: true };
      case 0x66:
        this.i++;
        this.ident('alse');
        return { v: false };
      case 0x2d: {
        const s = this.i;
        this.i++;
        return { v: this.number(s) };
      }
      case 0x22:
        this.i++;
        return { v: lenientStr ? this.ignoreStr() : this.str() };
      default:
        return isDigit(c) ? { v: this.number(this.i) } : undefined;
    }
  }

  /** serde's `ignore_value` (used for unknown fields); returns the value so we can keep it. */
  ignoreValue(): unknown {
    const c = this.ws();
    if (c === undefined) throw this.peekError(MSG.eofValue);
    const scalar = this.scalar(c, true);
    if (scalar) return scalar.v;
    switch (c) {
      case 0x5b: {
        // serde's ignore_value is iterative: no recursion limit here.
        this.i++;
        const out: unknown[] = [];
        let w = this.ws();
        if (w === 0x5d) {
          this.i++;
          return out;
        }
        if (w === undefined) throw this.peekError(MSG.eofList);
        for (;;) {
          out.push(this.ignoreValue());
          w = this.ws();
          if (w === 0x2c) {
            this.i++;
            continue;
          }
          if (w === 0x5d) {
            this.i++;
            return out;
          }
          throw this.peekError(w === undefined ? MSG.eofList : MSG.listCommaOrEnd);
        }
      }
      case 0x7b: {
        this.i++;
        const out: Record<string, unknown> = {};
        let w = this.ws();
        if (w === 0x7d) {
          this.i++;
          return out;
        }
        if (w === undefined) throw this.peekError(MSG.eofObject);
        for (;;) {
          w = this.ws();
          if (w === undefined) throw this.peekError(MSG.eofObject);
          if (w !== 0x22) throw this.peekError(MSG.keyString);
          this.i++;
          const key = this.ignoreStr();
          this.colon();
          setOwn(out, key, this.ignoreValue());
          w = this.ws();
          if (w === 0x2c) {
            this.i++;
            continue;
          }
          if (w === 0x7d) {
            this.i++;
            return out;
          }
          throw this.peekError(w === undefined ? MSG.eofObject : MSG.objectCommaOrEnd);
        }
      }
      default:
        throw this.peekError(MSG.value);
    }
  }

  colon(): void {
    const w = this.ws();
    if (w === 0x3a) this.i++;
    else throw this.peekError(w === undefined ? MSG.eofObject : MSG.colon);
  }

  enter(): void {
    if (--this.depth === 0) throw this.peekError(MSG.recursion);
  }
  leave(): void {
    this.depth++;
  }

  /** `end_map`: consume `}` if it is next (after whitespace). */
  endMap(): SerdeError | null {
    const w = this.ws();
    if (w === 0x7d) {
      this.i++;
      return null;
    }
    if (w === 0x2c) return this.peekError(MSG.trailingComma);
    return this.peekError(w === undefined ? MSG.eofObject : MSG.trailingChars);
  }
  /** `end_seq`: consume `]` if it is next (after whitespace). */
  endSeq(): SerdeError | null {
    const w = this.ws();
    if (w === 0x5d) {
      this.i++;
      return null;
    }
    if (w === 0x2c) {
      this.i++;
      return this.ws() === 0x5d ? this.peekError(MSG.trailingComma) : this.peekError(MSG.trailingChars);
    }
    return this.peekError(w === undefined ? MSG.eofList : MSG.trailingChars);
  }

  /** serde's `peek_invalid_type`: consume a scalar (to place the error after it), then a Data error. */
  invalidType(): SerdeError {
    const c = this.peek();
    if (c !== 0x5b && c !== 0x7b && (c === undefined || !this.scalar(c, false))) return this.peekError(MSG.value);
    const p = this.position();
    return dataError('invalid type').at(p.line, p.column);
  }

  /** Typed read of one value, like a derived Deserialize. */
  value(schema: Schema): unknown {
    switch (schema.t) {
      case 'option': {
        if (this.ws() === 0x6e) {
          this.i++;
          this.ident('ull');
          return null;
        }
        return this.value(schema.of);
      }
      case 'string': {
        const c = this.ws();
        if (c === undefined) throw this.peekError(MSG.eofValue);
        if (c === 0x22) {
          this.i++;
          return this.str();
        }
        throw this.invalidType();
      }
      case 'bool': {
        const c = this.ws();
        if (c === undefined) throw this.peekError(MSG.eofValue);
        if (c === 0x74 || c === 0x66) {
          this.i++;
          this.ident(c === 0x74 ? 'rue' : 'alse');
          return c === 0x74;
        }
        throw this.invalidType();
      }
      case 'enum':
        return this.enumValue(schema.variants);
      case 'struct':
        return this.structValue(schema.fields);
      case 'untagged': {
        const v = this.anyValue();
        // "data did not match any variant" has no position: the enclosing struct places it.
        if (!schema.accept(v)) throw dataError('data did not match any variant');
        return v;
      }
      case 'check': {
        const v = this.value(schema.of);
        if (v === null) return v;
        const err = schema.check(v);
        if (err) throw schema.inVisitor ? this.fix(err) : err;
        return v;
      }
    }
  }

  private enumValue(variants: readonly string[]): unknown {
    const c = this.ws();
    if (c === 0x22) {
      this.i++;
      const s = this.str();
      if (!variants.includes(s)) {
        const p = this.position();
        throw dataError('unknown variant').at(p.line, p.column);
      }
      return s;
    }
    if (c === 0x7b) {
      // Externally tagged form of a unit variant: {"apikey": null}.
      this.i++;
      this.enter();
      const w = this.ws();
      if (w !== 0x22) throw this.peekError(w === undefined ? MSG.eofValue : MSG.value);
      this.i++;
      const s = this.str();
      if (!variants.includes(s)) {
        const p = this.position();
        throw dataError('unknown variant').at(p.line, p.column);
      }
      this.colon();
      const u = this.ws();
      if (u === undefined) throw this.peekError(MSG.eofValue);
      if (u !== 0x6e) throw this.invalidType();
      this.i++;
      this.ident('ull');
      this.leave();
      const end = this.ws();
      if (end === 0x7d) {
        this.i++;
        return s;
      }
      throw this.error(end === undefined ? MSG.eofObject : MSG.value);
    }
    throw this.peekError(c === undefined ? MSG.eofValue : MSG.value);
  }

  private structValue(fields: Readonly<Record<string, FieldSchema>>): unknown {
    const c = this.ws();
    if (c === undefined) throw this.peekError(MSG.eofValue);
    if (c === 0x7b) return this.container(() => this.visitMap(fields), () => this.endMap());
    if (c === 0x5b) return this.container(() => this.visitSeq(fields), () => this.endSeq());
    throw this.invalidType();
  }

  /**
   * serde_json's `match (visitor.visit_map(..), self.end_map())`: the closing bracket is tried
   * even when the visitor failed, and a visitor error without a position is placed after that.
   */
  private container(visit: () => unknown, end: () => SerdeError | null): unknown {
    this.i++;
    this.enter();
    let ret: unknown;
    let err: unknown = null;
    try {
      ret = visit();
    } catch (e) {
      err = e;
    }
    this.leave();
    if (err && !(err instanceof SerdeError && !err.positioned)) throw err;
    const endErr = end();
    if (err) throw this.fix(err);
    if (endErr) throw endErr;
    return ret;
  }

  /**
   * One step of serde_json's SeqAccess/MapAccess: the byte that starts the next element, or null
   * at the closing bracket (not consumed). Commas and their errors are handled here.
   */
  private nextElement(first: boolean, close: number): number | null {
    let w = this.ws();
    if (w === close) return null;
    const list = close === 0x5d;
    if (w === 0x2c && !first) {
      this.i++;
      w = this.ws();
    } else if (w === undefined) throw this.peekError(list ? MSG.eofList : MSG.eofObject);
    else if (!first) throw this.peekError(list ? MSG.listCommaOrEnd : MSG.objectCommaOrEnd);
    if (w === close) throw this.peekError(MSG.trailingComma);
    if (w === undefined) throw this.peekError(MSG.eofValue);
    return w;
  }

  /** The next key of an object (then the colon), or null at `}`. */
  private mapKey(first: boolean): string | null {
    const w = this.nextElement(first, 0x7d);
    if (w === null) return null;
    if (w !== 0x22) throw this.peekError(MSG.keyString);
    this.i++;
    const key = this.str();
    return key;
  }

  private visitMap(fields: Readonly<Record<string, FieldSchema>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (let first = true; ; first = false) {
      const key = this.mapKey(first);
      if (key === null) break;
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (field && seen.has(key)) throw dataError('duplicate field');
      seen.add(key);
      this.colon();
      setOwn(out, key, field ? this.value(field.schema) : this.ignoreValue());
    }
    for (const [name, f] of Object.entries(fields)) {
      if (!f.optional && !seen.has(name)) throw dataError('missing field');
    }
    return out;
  }

  private visitSeq(fields: Readonly<Record<string, FieldSchema>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let first = true;
    for (const [name, f] of Object.entries(fields)) {
      if (this.nextElement(first, 0x5d) === null) {
        if (f.seqDefault) continue;
        throw dataError('invalid length');
      }
      first = false;
      setOwn(out, name, this.value(f.schema));
    }
    return out;
  }

  /** serde's `deserialize_any` into a generic value (used by untagged enums). */
  anyValue(): unknown {
    const c = this.ws();
    if (c === undefined) throw this.peekError(MSG.eofValue);
    const scalar = this.scalar(c, false);
    if (scalar) return scalar.v;
    if (c === 0x5b) {
      return this.container(() => {
        const out: unknown[] = [];
        for (let first = true; this.nextElement(first, 0x5d) !== null; first = false) out.push(this.anyValue());
        return out;
      }, () => this.endSeq());
    }
    if (c === 0x7b) {
      return this.container(() => {
        const out: Record<string, unknown> = {};
        for (let first = true; ; first = false) {
          const key = this.mapKey(first);
          if (key === null) return out;
          this.colon();
          setOwn(out, key, this.anyValue());
        }
      }, () => this.endMap());
    }
    throw this.peekError(MSG.value);
  }

  /** serde_json's `Deserializer::end`: only whitespace may follow. */
  end(): void {
    if (this.ws() !== undefined) throw this.peekError(MSG.trailingChars);
  }
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}
function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
/** Assigns without invoking the `__proto__` setter. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * Reads `bytes` as one JSON document of the given schema, like `serde_json::from_slice`.
 * Throws SerdeError (positioned) on the first error in document order.
 */
export function serdeFromSlice(bytes: Uint8Array, schema: Schema): unknown {
  const r = new Reader(bytes);
  let v: unknown;
  try {
    v = r.value(schema);
  } catch (e) {
    throw r.fix(e);
  }
  r.end();
  return v;
}
