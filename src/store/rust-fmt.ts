/**
 * How the official binary (Rust, musl build) renders strings and OS errors inside messages, so
 * our messages match it byte for byte: `{:?}` quoting of a path and `io::Error`'s Display.
 */

/** Rust's `Debug` for a `str`/`Path`: double quotes, `\"` `\\` `\n` `\r` `\t` `\0`, other controls as `\u{..}`. */
export function rustDebugQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 0) out += '\\0';
    else if (c < 0x20 || c === 0x7f) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

/** errno → [number, musl strerror text] for the errors a credential store can meet. */
const MUSL_ERRNO: Record<string, [number, string]> = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  EIO: [5, 'I/O error'],
  EACCES: [13, 'Permission denied'],
  EBUSY: [16, 'Resource busy'],
  EEXIST: [17, 'File exists'],
  EXDEV: [18, 'Cross-device link'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  EINVAL: [22, 'Invalid argument'],
  EMFILE: [24, 'No file descriptors available'],
  ENOSPC: [28, 'No space left on device'],
  EROFS: [30, 'Read-only file system'],
  ENAMETOOLONG: [36, 'Filename too long'],
  ELOOP: [40, 'Symbolic link loop'],
  EDQUOT: [122, 'Quota exceeded'],
};

/** Rust's `Display` for an `io::Error` from the OS, e.g. `Permission denied (os error 13)`. */
export function rustIoError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known = err?.code ? MUSL_ERRNO[err.code] : undefined;
  if (known) return `${known[1]} (os error ${known[0]})`;
  if (err?.code && typeof err.errno === 'number') return `${err.code} (os error ${Math.abs(err.errno)})`;
  return err instanceof Error ? err.message : String(e);
}
