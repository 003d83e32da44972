/**
 * Whether a `last_refresh` string is accepted by the official binary, which deserializes it as
 * chrono's `DateTime<Utc>` (`FromStr` = chrono's relaxed RFC 3339 parser). A string it rejects
 * makes the whole auth.json fail to load, so we must reject exactly the same strings.
 *
 * Accepted shape: `[+-]Y` (any digits) or `YYYY` (1–4 digits) `-M-D` (1–2 digits each),
 * then `T`, `t` or a space, `h:m:s` (1–2 digits each; second 60 = leap second), an optional
 * `.digits` fraction, optional whitespace, then `Z`/`z`, `UTC` (any case) or an offset
 * `±hh[:| ]*mm`. Whitespace may precede every number and the `-`/`:` separators, and end it.
 * The date must exist (no Feb 30) and the offset be under 24 h.
 */

class Scan {
  i = 0;
  constructor(readonly s: string) {}
  spaces(): void {
    while (this.i < this.s.length && /\s/u.test(this.s[this.i]!)) this.i++;
  }
  lit(ch: string): boolean {
    if (this.s[this.i] !== ch) return false;
    this.i++;
    return true;
  }
  /** min..max ASCII digits. */
  digits(min: number, max: number): number | null {
    let j = this.i;
    while (j < this.s.length && j - this.i < max && this.s[j]! >= '0' && this.s[j]! <= '9') j++;
    if (j - this.i < min) return null;
    const v = Number(this.s.slice(this.i, j));
    this.i = j;
    return v;
  }
}

const MAX_YEAR = 262_143;

function daysInMonth(y: number, m: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** chrono's numeric field followed by `Item::Space("")` and a literal separator. */
function field(sc: Scan, max: number, sep: string | null): number | null {
  sc.spaces(); // chrono trims leading whitespace before every numeric item
  const v = sc.digits(1, max);
  if (v === null) return null;
  if (sep === null) return v;
  sc.spaces();
  return sc.lit(sep) ? v : null;
}

function year(sc: Scan): number | null {
  sc.spaces();
  const sign = sc.s[sc.i];
  if (sign === '+' || sign === '-') {
    sc.i++;
    const v = sc.digits(1, Infinity);
    return v === null ? null : sign === '-' ? -v : v;
  }
  return sc.digits(1, 4);
}

function offset(sc: Scan): boolean {
  if (sc.s.slice(sc.i, sc.i + 3).toUpperCase() === 'UTC') {
    sc.i += 3;
    return true;
  }
  const c = sc.s[sc.i];
  if (c === 'Z' || c === 'z') {
    sc.i++;
    return true;
  }
  if (c !== '+' && c !== '-' && c !== '\u2212') return false;
  sc.i++;
  const h = sc.digits(2, 2);
  if (h === null) return false;
  while (sc.i < sc.s.length && (sc.s[sc.i] === ':' || /\s/u.test(sc.s[sc.i]!))) sc.i++;
  const m = sc.digits(2, 2);
  return m !== null && m < 60 && h * 3600 + m * 60 < 86_400;
}

export function isChronoDateTime(s: string): boolean {
  const sc = new Scan(s);
  const y = year(sc);
  if (y === null) return false;
  sc.spaces();
  if (!sc.lit('-')) return false;
  const mo = field(sc, 2, '-');
  const d = field(sc, 2, null);
  if (mo === null || d === null) return false;
  const sep = sc.s[sc.i];
  if (sep !== 'T' && sep !== 't' && sep !== ' ') return false;
  sc.i++;
  const h = field(sc, 2, ':');
  const mi = field(sc, 2, ':');
  const se = field(sc, 2, null);
  if (h === null || mi === null || se === null) return false;
  if (sc.lit('.') && sc.digits(1, Infinity) === null) return false;
  sc.spaces();
  if (!offset(sc)) return false;
  sc.spaces();
  if (sc.i !== s.length) return false;
  if (Math.abs(y) > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  return h <= 23 && mi <= 59 && se <= 60;
}
