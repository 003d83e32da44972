/**
 * serde_json's number grammar on the byte reader (./reader.ts): `0`, or a non-zero digit and
 * digits, then an optional fraction and exponent, with serde_json's errors and positions.
 */
import { SERDE_MSG as MSG, type SerdeError } from './error.js';

/** What readNumber needs of the reader. */
export interface NumberCursor {
  i: number;
  readonly b: Uint8Array;
  peek(): number | undefined;
  next(): number | undefined;
  error(reason: string): SerdeError;
  peekError(reason: string): SerdeError;
}

export function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** Reads a number (after an optional '-' was eaten); returns its value. */
export function readNumber(r: NumberCursor, start: number): number {
  const first = r.next();
  if (first === undefined) throw r.error(MSG.eofValue);
  if (first === 0x30) {
    const p = r.peek();
    if (p !== undefined && p >= 0x30 && p <= 0x39) throw r.peekError(MSG.number);
  } else if (first >= 0x31 && first <= 0x39) {
    while (isDigit(r.peek())) r.i++;
  } else {
    throw r.error(MSG.number);
  }
  if (r.peek() === 0x2e) {
    r.i++;
    let digits = false;
    while (isDigit(r.peek())) {
      r.i++;
      digits = true;
    }
    if (!digits) throw r.peekError(r.peek() === undefined ? MSG.eofValue : MSG.number);
  }
  const e = r.peek();
  if (e === 0x65 || e === 0x45) {
    r.i++;
    const s = r.peek();
    if (s === 0x2b || s === 0x2d) r.i++;
    const d = r.next();
    if (!isDigit(d)) throw r.error(d === undefined ? MSG.eofValue : MSG.number);
    while (isDigit(r.peek())) r.i++;
  }
  return Number(new TextDecoder().decode(r.b.subarray(start, r.i)));
}
