/**
 * serde_json's error: its category, its message (the `ErrorCode` texts, byte for byte) and its
 * position (`at line L column C`: line 1-based, column = bytes consumed on that line, 0 when none).
 */

export type SerdeCategory = 'Syntax' | 'Eof' | 'Data';

/** serde_json's `ErrorCode` texts. */
export const SERDE_MSG = {
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
  control: 'control character (\\u0000-\\u001F) found while parsing a string',
  keyString: 'key must be a string',
  loneSurrogate: 'lone leading surrogate in hex escape',
  trailingComma: 'trailing comma',
  trailingChars: 'trailing characters',
  hexEnd: 'unexpected end of hex escape',
  recursion: 'recursion limit exceeded',
} as const;

const EOF_REASONS: readonly string[] = [SERDE_MSG.eofList, SERDE_MSG.eofObject, SERDE_MSG.eofString, SERDE_MSG.eofValue];

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

/** A syntax (or EOF) error placed at `index` of `bytes`. */
export function syntaxError(reason: string, bytes: Uint8Array, index: number): SerdeError {
  const p = positionOf(bytes, index);
  return new SerdeError(EOF_REASONS.includes(reason) ? 'Eof' : 'Syntax', reason, p.line, p.column);
}

/** A visitor-raised error without a position (fixed later by the enclosing reader). */
export function dataError(reason = 'invalid data'): SerdeError {
  return new SerdeError('Data', reason);
}

/** Line (1-based) and column (bytes consumed on that line) after `index` bytes of `bytes`. */
export function positionOf(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < index; k++) {
    if (bytes[k] === 0x0a) {
      line++;
      start = k + 1;
    }
  }
  return { line, column: index - start };
}

/** `line L column C` for `index` bytes into `bytes`. */
export function positionText(bytes: Uint8Array, index: number): string {
  const p = positionOf(bytes, index);
  return `line ${p.line} column ${p.column}`;
}
