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
      if (c < 0x20) err('control character (\\u0000-\\u001F) found while parsing a string');
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
      if (c === 0x2d) i++;
      if (digits() === 0) err('invalid number');
      if (b[i] === 0x2e) {
        i++;
        if (digits() === 0) err('invalid number');
      }
      if (b[i] === 0x65 || b[i] === 0x45) {
        i++;
        if (b[i] === 0x2b || b[i] === 0x2d) i++;
        if (digits() === 0) err('invalid number');
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
