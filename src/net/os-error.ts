/**
 * Node fs errors rendered the way the official binary (Rust std on musl) prints an io::Error:
 * `<strerror text> (os error <n>)`, e.g. `No such file or directory (os error 2)`.
 * The texts are musl's (the official Linux build is static musl), e.g. ENAMETOOLONG is
 * `Filename too long` and ELOOP `Symbolic link loop` — both observed from the 0.169.0 binary.
 */
import { constants } from 'node:os';

const MUSL_STRERROR: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EINTR: 'Interrupted system call',
  EIO: 'I/O error',
  ENXIO: 'No such device or address',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Out of memory',
  EACCES: 'Permission denied',
  EBUSY: 'Resource busy',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system',
  EMFILE: 'No file descriptors available',
  ETXTBSY: 'Text file busy',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  ENAMETOOLONG: 'Filename too long',
  ELOOP: 'Symbolic link loop',
  EOVERFLOW: 'Value too large for data type',
  ESTALE: 'Stale file handle',
};

/** `No such file or directory (os error 2)` for an ENOENT error, and so on. */
export function rustIoErrorText(err: unknown): string {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
  const errnoNumber = code ? (constants.errno as Record<string, number>)[code] : undefined;
  if (code && errnoNumber !== undefined) {
    return `${MUSL_STRERROR[code] ?? code} (os error ${errnoNumber})`;
  }
  return err instanceof Error ? err.message : String(err);
}
