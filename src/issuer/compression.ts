// Compressed answers. The official Codex CLI 0.171.0 (and codex-auth) send `accept-encoding:
// zstd,gzip` on every auth request and decode what comes back; the issuer answers compressed when
// started with `compression` (in its order of preference, among what the client accepts) or when a
// fault says `encoding`. gzip is Node's zlib. Node 20 has no zstd encoder, so a zstd answer is a
// valid zstd frame of raw (stored) blocks: any zstd decoder reads it; the point is the coding, not
// the ratio.
import { gzipSync } from 'node:zlib';
import { IssuerInputError } from './errors.js';

export type IssuerCoding = 'zstd' | 'gzip';

export const ISSUER_CODINGS: readonly IssuerCoding[] = ['zstd', 'gzip'];

/** Checks a list of codings from options, the CLI or a fault. */
export function validateCodings(value: unknown, what: string): IssuerCoding[] {
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(list) || !list.every((c): c is IssuerCoding => ISSUER_CODINGS.includes(c as IssuerCoding))) {
    throw new IssuerInputError(`${what} must list content codings among ${ISSUER_CODINGS.join(', ')}`);
  }
  return [...new Set(list)];
}

/** The codings an `accept-encoding` header accepts (q=0 excluded; `*` accepts all). */
function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  if (out.has('*')) for (const c of ISSUER_CODINGS) out.add(c);
  if (out.has('x-gzip')) out.add('gzip');
  return out;
}

/** The first of `offered` the client accepts, or null (answer uncompressed). */
export function chooseCoding(acceptEncoding: string | undefined, offered: readonly IssuerCoding[]): IssuerCoding | null {
  if (offered.length === 0) return null;
  const ok = accepted(acceptEncoding);
  return offered.find((c) => ok.has(c)) ?? null;
}

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const MAX_BLOCK = 128 * 1024;

/** A single-segment zstd frame (content size declared, no checksum) of raw blocks. */
export function zstdStored(data: Buffer): Buffer {
  const n = data.length;
  // Frame_Header_Descriptor: Single_Segment (bit 5) + Frame_Content_Size size (bits 6-7).
  let fcs: Buffer;
  if (n < 256) fcs = Buffer.from([0x20, n]);
  else if (n < 65536 + 256) {
    fcs = Buffer.alloc(3);
    fcs[0] = 0x60;
    fcs.writeUInt16LE(n - 256, 1);
  } else {
    fcs = Buffer.alloc(5);
    fcs[0] = 0xa0;
    fcs.writeUInt32LE(n, 1);
  }
  const parts: Buffer[] = [ZSTD_MAGIC, fcs];
  let at = 0;
  do {
    const size = Math.min(MAX_BLOCK, n - at);
    const last = at + size >= n ? 1 : 0;
    const header = (size << 3) | last; // Block_Type 0 = Raw_Block
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), data.subarray(at, at + size));
    at += size;
  } while (at < n);
  return Buffer.concat(parts);
}

export function encodeBody(body: Buffer, coding: IssuerCoding): Buffer {
  return coding === 'gzip' ? gzipSync(body) : zstdStored(body);
}
