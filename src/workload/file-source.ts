/**
 * The file source (codex-0171-delta.md §1.3): OPENAI_IDENTITY_TOKEN_FILE is read on every
 * exchange (a rotated file is picked up), symlinks followed. A missing file or a directory gives
 * `could not read workload identity assertion file <path>` with no OS detail; a missing file (or
 * an interrupted/timed-out read) is transient. At most 16 KiB + 1 byte is read.
 */
import { open } from 'node:fs/promises';
import { WORKLOAD } from '../messages/workload.js';
import { assertionError, assertionText, MAX_ASSERTION_BYTES } from './assertion.js';

const TRANSIENT_CODES = new Set(['ENOENT', 'EINTR', 'ETIMEDOUT', 'EAGAIN', 'EWOULDBLOCK']);

async function readHead(path: string, limit: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(limit);
    let n = 0;
    while (n < limit) {
      const { bytesRead } = await fh.read(buf, n, limit - n, null);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

export async function readAssertionFile(path: string): Promise<string> {
  let raw: Buffer;
  try {
    raw = await readHead(path, MAX_ASSERTION_BYTES + 1);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw assertionError(WORKLOAD.fileUnreadable(path), TRANSIENT_CODES.has(code));
  }
  return assertionText(raw);
}
