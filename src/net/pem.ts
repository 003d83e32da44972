/**
 * PEM reading that accepts and rejects exactly what the official Codex CLI does.
 *
 * The reference reads CA bundles with rustls-pki-types' PEM section iterator; we reproduce its
 * observable rules (checked against the 0.169.0 binary, codex-cli-observed.md §5):
 * - lines end at every `\n` or `\r` (CRLF is fine); a last line without a newline still counts;
 * - a line starting with `-----BEGIN ` opens a section and must end with exactly five `-`
 *   (trailing spaces allowed), else `illegal section start: [bytes]`;
 * - text outside sections is ignored; inside a section every line until `-----END <label>-----`
 *   is base64 (spaces and tabs skipped). A `BEGIN` inside an open section relabels it without
 *   discarding the base64 collected so far (the reference's behaviour, kept on purpose);
 * - known labels (CERTIFICATE, PUBLIC KEY, RSA PRIVATE KEY, PRIVATE KEY, EC PRIVATE KEY, X509 CRL,
 *   CERTIFICATE REQUEST, ECHCONFIG) are decoded, so bad base64 in any of them fails the file;
 *   unknown labels are skipped without decoding;
 * - end of file inside a section: `missing section end marker: [label bytes]`.
 */

const KNOWN_LABELS = new Set([
  'CERTIFICATE',
  'PUBLIC KEY',
  'RSA PRIVATE KEY',
  'PRIVATE KEY',
  'EC PRIVATE KEY',
  'X509 CRL',
  'CERTIFICATE REQUEST',
  'ECHCONFIG',
]);

export interface PemSection {
  /** The label between `BEGIN ` and the dashes, e.g. `CERTIFICATE`. */
  label: string;
  der: Buffer;
}

/** A PEM syntax or base64 error; `message` is the reference's text after `failed to parse PEM file: `. */
export class PemError extends Error {
  override readonly name = 'PemError';
}

const BEGIN = '-----BEGIN ';
const DASH = 0x2d;

/** Rust's `{:?}` of a byte vector: `[45, 45, 66]`. */
function debugBytes(bytes: Uint8Array): string {
  return `[${Array.from(bytes).join(', ')}]`;
}

/** The label of a `-----BEGIN <label>-----` line, or a PemError when its dashes are wrong. */
function sectionLabel(line: string): string {
  let trailer = 0;
  let pos = line.length;
  for (let i = line.length - 1; i >= 0; i--) {
    const b = line.charCodeAt(i);
    if (b === DASH) {
      trailer++;
      pos = i;
    } else if (b === 0x0a || b === 0x0d || b === 0x20) {
      continue;
    } else {
      break;
    }
  }
  if (trailer !== 5) throw new PemError(`illegal section start: ${debugBytes(Buffer.from(line, 'latin1'))}`);
  return line.slice(BEGIN.length, pos);
}

/**
 * Every section with a known label, decoded, in file order. Throws PemError. The bytes are read
 * as latin1 text (one character per byte, so every comparison and error keeps the exact bytes)
 * and split at each `\n` and `\r`: a CRLF leaves an empty line between, which changes nothing
 * (outside a section it is ignored, inside it adds no base64). Strings rather than a Buffer per
 * line: a system bundle (~150 certificates, ~3,500 lines) reads in ≈ 6 ms of CPU instead of ≈ 23 ms.
 */
export function readPemSections(input: Buffer): PemSection[] {
  const out: PemSection[] = [];
  let section: { label: string; end: string } | null = null;
  let b64: string[] = [];
  for (const line of input.toString('latin1').split(/[\n\r]/)) {
    if (line.startsWith(BEGIN)) {
      const label = sectionLabel(line);
      section = { label, end: `-----END ${label}-----` };
      continue;
    }
    if (section && line.startsWith(section.end)) {
      if (KNOWN_LABELS.has(section.label)) out.push({ label: section.label, der: decodeBase64Text(b64.join('')) });
      section = null;
      b64 = [];
      continue;
    }
    if (section) b64.push(line);
  }
  if (section) throw new PemError(`missing section end marker: ${debugBytes(Buffer.from(section.label, 'latin1'))}`);
  return out;
}

const PAD = -2;
const SPACE = -1;

function codePoint(b: number): number {
  if (b >= 0x41 && b <= 0x5a) return b - 0x41;
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 26;
  if (b >= 0x30 && b <= 0x39) return b - 0x30 + 52;
  if (b === 0x2b) return 62;
  if (b === 0x2f) return 63;
  if (b === 0x3d) return PAD;
  if ((b >= 0x09 && b <= 0x0d) || b === 0x20) return SPACE;
  return -3;
}

/** Bytes from up to 8 sextets (missing ones count as 0), taking `count` bytes. */
function sextetsToBytes(sextets: number[], count: number): number[] {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < 8 && bytes.length < count; i++) {
    acc = ((acc << 6) | (sextets[i] ?? 0)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return bytes;
}

/**
 * Base64 decoding with the reference decoder's errors, in the same order:
 * `InvalidCharacter(<byte value>)`, `PrematurePadding`, `InvalidTrailingPadding`.
 */
export function decodeBase64(input: Buffer): Buffer {
  return decodeBase64Text(input.toString('latin1'));
}

/** decodeBase64 of bytes given as latin1 text. */
function decodeBase64Text(text: string): Buffer {
  // Fast path: canonical base64 (only whitespace besides the alphabet, padding only at the end)
  // decodes to the same bytes with Node's decoder; anything else takes the exact path below.
  const compact = text.replace(/[\t\n\v\f\r ]+/g, '');
  if (/^[A-Za-z0-9+/]*$/.test(compact) ? compact.length % 4 !== 1 : /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$/.test(compact) && compact.length % 4 === 0) {
    return Buffer.from(compact, 'base64');
  }
  return decodeBase64Exact(Buffer.from(text, 'latin1'));
}

/** The byte-by-byte decoder with the reference's error reporting (exported for tests). */
export function decodeBase64Exact(input: Buffer): Buffer {
  const out: number[] = [];
  let group: number[] = [];
  let pads: boolean[] = [];
  const fail = (what: string): never => {
    throw new PemError(`base64 decode error: ${what}`);
  };
  for (const byte of input) {
    const cp = codePoint(byte);
    if (cp === SPACE) continue;
    if (cp === -3) fail(`InvalidCharacter(${byte})`);
    if (group.length === 8) {
      if (pads.some(Boolean)) fail('PrematurePadding');
      out.push(...sextetsToBytes(group, 6));
      group = [];
      pads = [];
    }
    group.push(cp === PAD ? 0 : cp);
    pads.push(cp === PAD);
  }
  if (group.length > 4) {
    if (pads.slice(0, 4).some(Boolean)) fail('PrematurePadding');
    out.push(...sextetsToBytes(group.slice(0, 4), 3));
    group = group.slice(4);
    pads = pads.slice(4);
  }
  const padMask = pads.reduce((m, p, i) => (p ? m | (1 << i) : m), 0);
  const used = group.length;
  if (used === 0 && padMask === 0) {
    // nothing left
  } else if (used === 4 && padMask === 0) {
    out.push(...sextetsToBytes(group, 3));
  } else if ((used === 4 && padMask === 0b1000) || (used === 3 && padMask === 0)) {
    out.push(...sextetsToBytes(group, 2));
  } else if ((used === 4 && padMask === 0b1100) || (used === 2 && padMask === 0)) {
    out.push(...sextetsToBytes(group, 1));
  } else {
    fail('InvalidTrailingPadding');
  }
  return Buffer.from(out);
}

/**
 * Length of the first top-level DER object (tag, length, content), or undefined when the length
 * field is malformed, indefinite or runs past the end. Used to drop the X509_AUX trailer of
 * OpenSSL `TRUSTED CERTIFICATE` blocks.
 */
export function derItemLength(der: Uint8Array): number | undefined {
  const first = der[1];
  if (first === undefined) return undefined;
  if ((first & 0x80) === 0) {
    const len = 2 + first;
    return len <= der.length ? len : undefined;
  }
  const octets = first & 0x7f;
  if (octets === 0 || 2 + octets > der.length) return undefined;
  let content = 0;
  for (let i = 2; i < 2 + octets; i++) {
    content = content * 256 + (der[i] as number);
    if (content > Number.MAX_SAFE_INTEGER / 256) return undefined;
  }
  const total = 2 + octets + content;
  return total <= der.length ? total : undefined;
}
