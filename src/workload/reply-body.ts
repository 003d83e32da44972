/**
 * The exchange reply's body, decoded: the official 0.171.0 client sends `accept-encoding:
 * zstd,gzip` and decodes what comes back (codex-0171-delta.md §1.5, §5). The codings are undone by
 * the one decoder every auth reply uses (oauth/content-encoding.ts: gzip by node:zlib, zstd by
 * fzstd on any Node); a coding it does not know, or a body that does not decode, is an invalid
 * response.
 */
import { contentCodings, decodeBody } from '../oauth/content-encoding.js';

/** Decoded bytes, or undefined when a coding is unknown/undecodable or the result exceeds `max`. */
export async function decodeReplyBody(encoding: string | string[] | undefined, raw: Buffer, max: number): Promise<Buffer | undefined> {
  const codings = contentCodings(Array.isArray(encoding) ? encoding.join(',') : (encoding ?? null));
  let out: Uint8Array = raw;
  try {
    if (codings.length > 0) out = await decodeBody(raw, codings);
  } catch {
    return undefined;
  }
  return out.length > max ? undefined : Buffer.from(out.buffer, out.byteOffset, out.length);
}
