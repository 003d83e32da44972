/**
 * The exchange reply's body, decoded: the official 0.171.0 client sends `accept-encoding:
 * zstd,gzip` and decodes what comes back (codex-0171-delta.md §1.5, §5). gzip by node:zlib; zstd
 * where this Node's zlib has it (Node 22.15+), else the body is undecodable (an invalid response).
 * INTEGRATION NOTE: branch pin171 adds oauth/content-encoding.ts (ACCEPT_ENCODING, decodeBody with
 * fzstd for every Node); once merged, this file should call its decodeBody and exchange.ts should
 * use its ACCEPT_ENCODING, so the rule lives in one place.
 */
import * as zlib from 'node:zlib';

/** Decoded bytes, or undefined when a coding is unknown/undecodable or the result exceeds `max`. */
export function decodeReplyBody(encoding: string | string[] | undefined, raw: Buffer, max: number): Buffer | undefined {
  const codings = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? ''))
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  const o = { maxOutputLength: max + 1 };
  const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer, o: object) => Buffer }).zstdDecompressSync;
  let out = raw;
  try {
    for (let i = codings.length - 1; i >= 0; i--) {
      const c = codings[i];
      if (c === 'gzip' || c === 'x-gzip') out = zlib.gunzipSync(out, o);
      else if (c === 'deflate') out = zlib.inflateSync(out, o);
      else if (c === 'zstd' && zstd) out = zstd(out, o);
      else return undefined;
    }
  } catch {
    return undefined;
  }
  return out.length > max ? undefined : out;
}
