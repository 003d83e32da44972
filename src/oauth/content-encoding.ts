/**
 * Compressed auth replies (codex-0171-delta.md §0 item 2, §5): like the official 0.171.0 client,
 * every auth request (device, code exchange, refresh, revoke, whoami, JWKS…) says
 * `accept-encoding: zstd,gzip`, and a compressed reply is decoded.
 *
 * The fetch we are given is a WHATWG fetch (undici's): it decodes gzip (and deflate, br) itself, and
 * zstd only where Node's zlib has it (not Node 20). When it meets a coding it cannot decode it
 * decodes none and hands over the raw bytes with the `content-encoding` header kept. That case, and
 * only that case, is handled here: every coding undone in reverse order, zstd by `fzstd` (pure JS;
 * it and node:zlib are imported only when such a body arrives). A body that does not start with its
 * outermost coding's magic bytes was already decoded by fetch and passes through. A body that cannot
 * be decoded reads as a failed body (like one that broke off), never as garbage.
 */

/** The `accept-encoding` value of the official 0.171.0 auth client, byte for byte. */
export const ACCEPT_ENCODING = 'zstd,gzip';

/** The largest decoded body we produce (auth replies are a few KiB; this stops a decompression bomb). */
export const MAX_DECODED_BYTES = 8 * 1024 * 1024;

const ZSTD_MAGIC = 0xfd2fb528;
const MAX_BLOCK = 128 * 1024;

/** The request headers with our accept-encoding in place of any the caller gave. */
export function withAcceptEncoding(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() !== 'accept-encoding') out[k] = v;
  out['accept-encoding'] = ACCEPT_ENCODING;
  return out;
}

/** `gzip, zstd` → ['gzip', 'zstd'] (lower case, `identity` dropped), in the order they were applied. */
export function contentCodings(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

function startsWith(bytes: Uint8Array, coding: string): boolean {
  if (coding === 'zstd') return bytes.length >= 4 && (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0 === ZSTD_MAGIC;
  if (coding === 'gzip' || coding === 'x-gzip') return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return false;
}

/**
 * The largest size a zstd body can decode to, from its frame and block headers alone, so that
 * nothing is allocated for a frame that claims gigabytes. Throws on a malformed frame.
 */
export function zstdDecodedBound(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, n: number) => {
    if (at + n > bytes.length) throw new Error('truncated zstd frame');
  };
  let at = 0;
  let bound = 0;
  while (at < bytes.length) {
    need(at, 8);
    const magic = view.getUint32(at, true);
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
      at += 8 + view.getUint32(at + 4, true); // skippable frame
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw new Error('not a zstd frame');
    const fhd = bytes[at + 4]!;
    const singleSegment = (fhd >> 5) & 1;
    const fcsFlag = fhd >> 6;
    const dictBytes = [0, 1, 2, 4][fhd & 3]!;
    const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
    let window = 0;
    at += 5;
    if (!singleSegment) {
      const wd = bytes[at]!;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
      at += 1;
    }
    at += dictBytes;
    need(at, fcsBytes);
    let contentSize: number | undefined;
    if (fcsBytes === 1) contentSize = bytes[at]!;
    else if (fcsBytes === 2) contentSize = view.getUint16(at, true) + 256;
    else if (fcsBytes === 4) contentSize = view.getUint32(at, true);
    else if (fcsBytes === 8) contentSize = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    at += fcsBytes;
    if (singleSegment) window = contentSize ?? 0;
    if (window > MAX_DECODED_BYTES || (contentSize ?? 0) > MAX_DECODED_BYTES) throw new Error('zstd frame too large');
    let frame = 0;
    for (let last = 0; !last; ) {
      need(at, 3);
      const header = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
      last = header & 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw new Error('reserved zstd block type');
      at += 3 + (type === 1 ? 1 : size);
      frame += type === 2 ? Math.min(window || MAX_BLOCK, MAX_BLOCK) : size;
    }
    if ((fhd >> 2) & 1) at += 4; // content checksum
    need(at, 0);
    bound += contentSize ?? frame;
  }
  return bound;
}

async function undo(bytes: Uint8Array, coding: string): Promise<Uint8Array> {
  if (coding === 'gzip' || coding === 'x-gzip') {
    const { gunzipSync } = await import('node:zlib');
    return gunzipSync(bytes, { maxOutputLength: MAX_DECODED_BYTES });
  }
  if (coding === 'zstd') {
    if (zstdDecodedBound(bytes) > MAX_DECODED_BYTES) throw new Error('zstd body too large');
    const { decompress } = await import('fzstd');
    return decompress(bytes);
  }
  throw new Error(`unsupported content coding ${coding}`);
}

/** The decoded bytes of a raw body with these codings (as applied, first to last). */
export async function decodeBody(bytes: Uint8Array, codings: readonly string[]): Promise<Uint8Array> {
  let out = bytes;
  for (let i = codings.length - 1; i >= 0; i -= 1) out = await undo(out, codings[i]!);
  return out;
}

function erroring(cause: unknown): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (c) => c.error(cause) });
}

/**
 * The response with its body decoded when fetch left a zstd coding undone; otherwise the same
 * response, untouched (no extra read: the common, uncompressed or gzip case costs one header look).
 */
export async function decodedResponse(res: Response): Promise<Response> {
  const codings = contentCodings(res.headers.get('content-encoding'));
  if (!codings.includes('zstd') || res.body === null) return res;
  let body: Uint8Array | ReadableStream<Uint8Array>;
  try {
    const raw = new Uint8Array(await res.arrayBuffer());
    body = startsWith(raw, codings[codings.length - 1]!) ? await decodeBody(raw, codings) : raw;
  } catch (cause) {
    body = erroring(cause);
  }
  const headers = new Headers(res.headers);
  headers.delete('content-encoding');
  headers.delete('content-length');
  const decoded = new Response(body, { status: res.status, statusText: res.statusText, headers });
  Object.defineProperty(decoded, 'url', { value: res.url });
  return decoded;
}
