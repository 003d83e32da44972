/**
 * Reading a file that should be a regular one (auth.json, config.toml, a CA bundle) without ever
 * blocking on it: the open is non-blocking (a FIFO opens at once instead of waiting for a writer),
 * and anything that is not a regular file is refused before a byte is read. Oversized files are
 * refused too. A leaf: every area may import it (docs/architecture.md).
 *
 * Errors keep Node's errno shape where the OS has a word for it (a directory → EISDIR, so the
 * reference's `Is a directory (os error 21)` stays byte-identical); FIFOs, sockets, devices and
 * oversized files get `code` ENOTREG / ETOOBIG and a message of ours (messages/files.ts).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { FILES } from './messages/files.js';

/** The largest credential, config or CA file we read (far above any real one; 1 KB–100 MB inputs read fine). */
export const MAX_READ_BYTES = 256 * 1024 * 1024;

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  return 'special file';
}

function errnoError(code: string, errno: number, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), errno ? { code, errno: -errno } : { code });
}

/** Undefined when `st` is a regular file of an acceptable size; else the error to throw. */
export function irregularity(st: Stats, maxBytes = MAX_READ_BYTES): NodeJS.ErrnoException | undefined {
  if (st.isDirectory()) return errnoError('EISDIR', 21, 'EISDIR: illegal operation on a directory');
  if (!st.isFile()) return errnoError('ENOTREG', 0, FILES.notRegular(kindOf(st)));
  if (st.size > maxBytes) return errnoError('ETOOBIG', 0, FILES.tooLarge(st.size, maxBytes));
  return undefined;
}

/** Socket paths cannot be opened (ENXIO): say what they are instead. */
function openError(e: unknown): unknown {
  return (e as NodeJS.ErrnoException).code === 'ENXIO' ? errnoError('ENOTREG', 0, FILES.notRegular('socket')) : e;
}

/** readFileSync for a file that must be regular: never blocks, refuses special and oversized files. */
export function readRegularFileSync(path: string, maxBytes = MAX_READ_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, FLAGS);
  } catch (e) {
    throw openError(e);
  }
  try {
    const bad = irregularity(fstatSync(fd), maxBytes);
    if (bad) throw bad;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(64 * 1024, total), 16 * 1024 * 1024));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw errnoError('ETOOBIG', 0, FILES.tooLarge(total, maxBytes));
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** readFile for a file that must be regular: never blocks, refuses special and oversized files. */
export async function readRegularFile(path: string, maxBytes = MAX_READ_BYTES): Promise<Buffer> {
  let fh;
  try {
    fh = await open(path, FLAGS);
  } catch (e) {
    throw openError(e);
  }
  try {
    const bad = irregularity(await fh.stat(), maxBytes);
    if (bad) throw bad;
    const bytes = await fh.readFile();
    if (bytes.length > maxBytes) throw errnoError('ETOOBIG', 0, FILES.tooLarge(bytes.length, maxBytes));
    return bytes;
  } finally {
    await fh.close();
  }
}
