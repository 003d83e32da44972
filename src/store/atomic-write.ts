/**
 * Crash-safe replacement of a credential file (observed §2.5): a temp file `.auth-XXXXXX`
 * (O_EXCL, 0600) in the target's directory, write, fsync, rename over the target, fsync the
 * directory (the reference skips that last step; we do it). A symlinked target is followed (the
 * link stays, its target is replaced). Hard-linked and read-only targets are refused like the
 * reference does.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readlink, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { killPoint } from '../kill-points.js';
import { irregularity } from '../safe-file.js';
import { rustIoError } from './rust-fmt.js';

const MAX_LINK_HOPS = 40;

/**
 * Follows `path` through symlinks (chains too) to the file they finally name, which need not
 * exist yet. Relative link targets resolve against the link's directory.
 */
export async function resolveSymlinkTarget(path: string): Promise<string> {
  let p = resolve(path);
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    let st;
    try {
      st = await lstat(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return p;
      throw e;
    }
    if (!st.isSymbolicLink()) return p;
    const target = await readlink(p);
    p = isAbsolute(target) ? target : resolve(dirname(p), target);
  }
  const e = new Error('too many symlinks') as NodeJS.ErrnoException;
  e.code = 'ELOOP';
  throw e;
}

/** Rust's `Path::with_extension("json.lock")`: `auth.json` → `auth.json.lock`, `x` → `x.json.lock`. */
export function commitLockPath(realTarget: string): string {
  const name = basename(realTarget);
  const ext = extname(name);
  const stem = ext && ext !== name ? name.slice(0, -ext.length) : name;
  return join(dirname(realTarget), `${stem}.json.lock`);
}

/** node:crypto, loaded on the first write (it is not needed to read credentials). */
const crypto = () => process.getBuiltinModule('node:crypto');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomSuffix(n = 6): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[crypto().randomInt(ALNUM.length)];
  return s;
}

function ioError(code: 'store.write', message: string, cause: unknown): CodexAuthError {
  return new CodexAuthError(code, message, { cause });
}

export interface AtomicWriteOptions {
  /** Mode of the new file (default 0600). */
  mode?: number;
  /** Temp-name prefix (default `.auth-`, as the reference). */
  tempPrefix?: string;
}

/**
 * Checks that `realTarget` (already symlink-resolved) may be replaced: not hard-linked
 * (`atomic credential replacement does not support hard-linked files`), not read-only
 * (`credential file is read-only`: no write permission bit, or not writable by us).
 */
export async function checkReplaceable(realTarget: string): Promise<void> {
  let st;
  try {
    st = await lstat(realTarget);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw ioError('store.write', rustIoError(e), e);
  }
  // A FIFO, socket, device or directory in place of auth.json is refused, not replaced.
  const special = st.isFile() ? undefined : irregularity(st);
  if (special) throw ioError('store.write', rustIoError(special), special);
  if (st.isFile() && st.nlink > 1) throw new CodexAuthError('store.hard_linked', STORE.hardLinked + STORE.hardLinkedHint(realTarget));
  if ((st.mode & 0o222) === 0) throw new CodexAuthError('store.read_only', STORE.readOnly + STORE.readOnlyHint(realTarget));
  // Writability probe, like the reference (open O_WRONLY without truncating).
  try {
    const fh = await open(realTarget, constants.O_WRONLY);
    await fh.close();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new CodexAuthError('store.read_only', STORE.readOnly + STORE.readOnlyHint(realTarget), { cause: e });
    }
    throw ioError('store.write', rustIoError(e), e);
  }
}

/**
 * Atomically replaces `realTarget` (already symlink-resolved; the caller holds the locks) with
 * `data`. Afterwards the file holds `data` or, if anything failed, exactly what it held before.
 * The target's directory is created if missing (as the reference does for a symlink's target).
 */
export async function writeFileAtomic(realTarget: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(realTarget);
  const mode = opts.mode ?? 0o600;
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw ioError('store.write', rustIoError(e), e);
  }
  await checkReplaceable(realTarget);

  let tmp = '';
  let fh;
  for (let attempt = 0; ; attempt++) {
    tmp = join(dir, `${opts.tempPrefix ?? '.auth-'}${randomSuffix()}`);
    try {
      fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue;
      throw ioError('store.write', rustIoError(e), e);
    }
  }
  try {
    try {
      await fh.chmod(mode);
      await killPoint('atomic:temp-created');
      await fh.writeFile(data);
      await killPoint('atomic:temp-written');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await killPoint('atomic:temp-synced');
    await rename(tmp, realTarget);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw ioError('store.write', rustIoError(e), e);
  }
  await killPoint('atomic:renamed');
  await fsyncDir(dir);
}

/** fsync a directory so a rename in it survives a power loss (best effort: some filesystems refuse). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    await fh.sync();
  } catch {
    // EINVAL/EISDIR on filesystems without directory fsync: nothing more we can do.
  } finally {
    await fh?.close();
  }
}
