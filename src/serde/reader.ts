/**
 * serde_json's byte reader (`Deserializer<SliceRead>`): whitespace, literals, numbers, strings,
 * the comma/bracket protocol of its SeqAccess/MapAccess, `ignore_value` and `deserialize_any`,
 * failing exactly like serde_json: same error kinds and wording, same positions (an error raised
 * while reading a token is placed at the bytes consumed (`error`) or one past (`peek_error`); a
 * visitor error is placed where the reader stands when it surfaces (`fix_position`)), and the
 * first error in document order wins. Typed reads (a derived `Deserialize`) are in ./schema.ts.
 */
import { dataError, positionOf, SERDE_MSG as MSG, SerdeError, syntaxError } from './error.js';
import { isDigit, readNumber } from './number.js';

export class Reader {
  i = 0;
  depth = 128;
  constructor(readonly b: Uint8Array) {}

  position(index = this.i): { line: number; column: number } {
    return positionOf(this.b, index);
  }
  error(reason: string): SerdeError {
    return syntaxError(reason, this.b, this.i);
  }
  peekError(reason: string): SerdeError {
    return syntaxError(reason, this.b, Math.min(this.i + 1, this.b.length));
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

  /** Reads a number (after an optional '-' was eaten); returns its value (./number.ts). */
  number(start: number): number {
    return readNumber(this, start);
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
  scalar(c: number, lenientStr: boolean): { v: unknown } | undefined {
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
        this.ignoreElements(0x5d, () => out.push(this.ignoreValue()));
        return out;
      }
      case 0x7b: {
        this.i++;
        const out: Record<string, unknown> = {};
        this.ignoreElements(0x7d, () => {
          const w = this.ws();
          if (w === undefined) throw this.peekError(MSG.eofObject);
          if (w !== 0x22) throw this.peekError(MSG.keyString);
          this.i++;
          const key = this.ignoreStr();
          this.colon();
          setOwn(out, key, this.ignoreValue());
        });
        return out;
      }
      default:
        throw this.peekError(MSG.value);
    }
  }

  /** The elements of an ignored list or object (its opening bracket eaten), as `ignore_value` reads them. */
  private ignoreElements(close: number, element: () => void): void {
    const list = close === 0x5d;
    let w = this.ws();
    if (w === close) {
      this.i++;
      return;
    }
    if (w === undefined) throw this.peekError(list ? MSG.eofList : MSG.eofObject);
    for (;;) {
      element();
      w = this.ws();
      if (w === 0x2c) {
        this.i++;
        continue;
      }
      if (w === close) {
        this.i++;
        return;
      }
      if (w === undefined) throw this.peekError(list ? MSG.eofList : MSG.eofObject);
      throw this.peekError(list ? MSG.listCommaOrEnd : MSG.objectCommaOrEnd);
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

  /**
   * serde_json's `match (visitor.visit_map(..), self.end_map())`: the closing bracket is tried
   * even when the visitor failed, and a visitor error without a position is placed after that.
   */
  container(visit: () => unknown, end: () => SerdeError | null): unknown {
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
  nextElement(first: boolean, close: number): number | null {
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
  mapKey(first: boolean): string | null {
    const w = this.nextElement(first, 0x7d);
    if (w === null) return null;
    if (w !== 0x22) throw this.peekError(MSG.keyString);
    this.i++;
    const key = this.str();
    return key;
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

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
/** Assigns without invoking the `__proto__` setter. */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
