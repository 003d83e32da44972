/**
 * Parse a JSON response body and, when it is not JSON, describe the problem the way the official
 * binary (serde_json) does: `expected value at line 1 column 1`, `EOF while parsing an object at
 * line 1 column 6`, ... Positions are serde's: line 1-based, column counted in UTF-8 bytes.
 */

class SerdeError extends Error {}

/** Parses `text` as JSON; throws an Error whose message is serde_json's wording for the problem. */
export function parseJsonLikeSerde(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(serdeSyntaxError(text));
  }
}

/** Position of the end of the top-level value (serde reports `missing field` errors there). */
export function serdeEndPosition(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let end = bytes.length;
  while (end > 0 && isWs(bytes[end - 1]!)) end--;
  return position(bytes, end);
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

function isWs(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

function position(bytes: Buffer, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line} column ${index - lineStart}`;
}

/** The serde_json error for a text JSON.parse rejected. */
export function serdeSyntaxError(text: string): string {
  const b = Buffer.from(text, 'utf8');
  let i = 0;
  // serde's `peek_error` points at the peeked byte (1-based column); `error` at what was consumed.
  const peekErr = (msg: string): never => {
    throw new SerdeError(`${msg} at ${position(b, Math.min(i + 1, b.length))}`);
  };
  const err = (msg: string): never => {
    throw new SerdeError(`${msg} at ${position(b, i)}`);
  };
  const ws = () => {
    while (i < b.length && isWs(b[i]!)) i++;
  };
  const digits = () => {
    const s = i;
    while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    return i - s;
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      if (i >= b.length) err('EOF while parsing a string');
      const c = b[i++]!;
      if (c === 0x22) return;
      if (c < 0x20) {
        i--; // reported at the control byte itself
        err('control character (\\u0000-\\u001F) found while parsing a string');
      }
      if (c === 0x5c) {
        if (i >= b.length) err('EOF while parsing a string');
        const e = b[i++]!;
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            if (i >= b.length) err('EOF while parsing a string');
            if (!/[0-9a-fA-F]/.test(String.fromCharCode(b[i++]!))) err('invalid escape');
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) err('invalid escape');
      }
    }
  };
  const ident = (word: string) => {
    for (const ch of word) {
      if (i >= b.length) err('EOF while parsing a value');
      if (b[i++] !== ch.charCodeAt(0)) err('expected ident');
    }
  };
  const value = (): void => {
    ws();
    if (i >= b.length) peekErr('EOF while parsing a value');
    const c = b[i]!;
    if (c === 0x22) return str();
    if (c === 0x7b) return container(0x7d, true);
    if (c === 0x5b) return container(0x5d, false);
    if (c === 0x74) return (i++, ident('rue'));
    if (c === 0x66) return (i++, ident('alse'));
    if (c === 0x6e) return (i++, ident('ull'));
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      // serde consumes the byte that breaks a number before reporting it.
      const needDigits = () => {
        if (digits() > 0) return;
        if (i >= b.length) err('EOF while parsing a value');
        i++;
        err('invalid number');
      };
      if (c === 0x2d) i++;
      needDigits();
      if (b[i] === 0x2e) {
        i++;
        needDigits();
      }
      if (b[i] === 0x65 || b[i] === 0x45) {
        i++;
        if (b[i] === 0x2b || b[i] === 0x2d) i++;
        needDigits();
      }
      return;
    }
    peekErr('expected value');
  };
  const container = (close: number, isObject: boolean): void => {
    const eof = isObject ? 'EOF while parsing an object' : 'EOF while parsing a list';
    const commaOrEnd = isObject ? 'expected `,` or `}`' : 'expected `,` or `]`';
    i++;
    ws();
    if (i >= b.length) peekErr(eof);
    if (b[i] === close) return void i++;
    for (;;) {
      if (isObject) {
        if (b[i] !== 0x22) peekErr('key must be a string');
        str();
        ws();
        if (i >= b.length) peekErr(eof);
        if (b[i] !== 0x3a) peekErr('expected `:`');
        i++;
      }
      value();
      ws();
      if (i >= b.length) peekErr(eof);
      if (b[i] === close) return void i++;
      if (b[i] !== 0x2c) peekErr(commaOrEnd);
      i++;
      ws();
      if (i >= b.length) peekErr(eof);
      if (b[i] === close) peekErr('trailing comma');
    }
  };
  try {
    value();
    ws();
    if (i < b.length) peekErr('trailing characters');
  } catch (e) {
    if (e instanceof SerdeError) return e.message;
    throw e;
  }
  // JSON.parse and this scanner disagree (e.g. lone surrogates): say something true and short.
  return `expected value at ${position(b, Math.min(1, b.length))}`;
}

/**
 * For valid JSON text: the byte offset just past each top-level member's value, in document
 * order (only when the text is an object). serde reports a mistyped field there.
 */
export function topLevelMemberEnds(text: string): Array<{ key: string; start: number; end: number }> {
  const b = Buffer.from(text, 'utf8');
  let i = 0;
  const ws = () => {
    while (i < b.length && isWs(b[i]!)) i++;
  };
  const skipString = () => {
    const start = i;
    i++;
    while (b[i] !== 0x22) i += b[i] === 0x5c ? 2 : 1;
    i++;
    return JSON.parse(b.subarray(start, i).toString('utf8')) as string;
  };
  const skipValue = () => {
    ws();
    if (b[i] === 0x22) return void skipString();
    if (b[i] === 0x7b || b[i] === 0x5b) {
      let depth = 0;
      do {
        if (b[i] === 0x22) {
          skipString();
          continue;
        }
        if (b[i] === 0x7b || b[i] === 0x5b) depth++;
        else if (b[i] === 0x7d || b[i] === 0x5d) depth--;
        i++;
      } while (depth > 0);
      return;
    }
    while (i < b.length && !isWs(b[i]!) && b[i] !== 0x2c && b[i] !== 0x7d && b[i] !== 0x5d) i++;
  };
  const out: Array<{ key: string; start: number; end: number }> = [];
  ws();
  if (b[i] !== 0x7b) return out;
  i++;
  for (;;) {
    ws();
    if (b[i] !== 0x22) return out;
    const key = skipString();
    ws();
    i++; // ':'
    ws();
    const start = i;
    skipValue();
    out.push({ key, start, end: i });
    ws();
    if (b[i] !== 0x2c) return out;
    i++;
  }
}

/** Byte offset just past the top-level value (or, for an array, its first element). */
function nonObjectDataEnd(text: string): number {
  const b = Buffer.from(text, 'utf8');
  let s = 0;
  while (s < b.length && isWs(b[s]!)) s++;
  if (b[s] !== 0x5b) {
    let e = b.length;
    while (e > 0 && isWs(b[e - 1]!)) e--;
    return e;
  }
  // `[x, ...]`: serde maps a sequence onto the struct's fields and fails on the first element.
  const inner = topLevelMemberEnds(`{"":${b.subarray(s + 1).toString('utf8').replace(/\]\s*$/, '')}}`);
  return inner.length > 0 ? s + 1 + inner[0]!.end - 4 : b.length;
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
  const b = Buffer.from(text, 'utf8');
  const v = JSON.parse(text) as unknown;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return position(b, nonObjectDataEnd(text));
  const o = v as Record<string, unknown>;
  for (const { key, start, end } of topLevelMemberEnds(text)) {
    const value = o[key];
    // serde consumes a mistyped scalar before failing, but fails on a map/sequence at its first byte.
    if (!check(key, value)) return position(b, value !== null && typeof value === 'object' ? start + 1 : end);
  }
  if (required.some((k) => o[k] === undefined)) return serdeEndPosition(text);
  return undefined;
}
