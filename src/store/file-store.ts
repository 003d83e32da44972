/**
 * The `file` credential store: `$CODEX_HOME/auth.json` (spec §3.1, observed §2.5, §3).
 * load: missing → null; unreadable/malformed → CodexAuthError with the reference's text plus
 * which file and what to do. save: under `auth.lock` then `<real auth.json>.lock` (flock, as the
 * official binary), atomic replace, mode 0600. A symlinked auth.json is followed only to a
 * credential file of ours (link-target.ts): otherwise save refuses and changes nothing. delete:
 * removes auth.json under the same locks — through a link, the credentials it points to and the
 * link (a target that is not ours: only the link); false when there was nothing.
 */
import { mkdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CodexAuthError } from '../errors.js';
import { MAX_READ_BYTES, readRegularFile } from '../safe-file.js';
import { STORE } from '../messages/store.js';
import { commitLockPath, resolveSymlinkTarget, writeFileAtomic } from './atomic-write.js';
import { parseAuthDotJson, serializeAuthDotJson } from './auth-dot-json.js';
import { withFlock } from './flock.js';
import { foreignLinkTarget } from './link-target.js';
import { FILES } from '../messages/files.js';
import { killPoint } from '../kill-points.js';
import { rustIoError } from './rust-fmt.js';
import type { AuthDotJson, CredentialStore } from './types.js';

export const AUTH_JSON = 'auth.json';
export const AUTH_LOCK = 'auth.lock';
/** How long the reference retries the commit lock before `credential commit lock timed out`. */
export const COMMIT_LOCK_TIMEOUT_MS = 5_000;
/** The reference waits forever for auth.lock; we give up after this long with a clear message. */
export const AUTH_LOCK_TIMEOUT_MS = 60_000;

export function authJsonPath(codexHome: string): string {
  return join(codexHome, AUTH_JSON);
}

export interface FileStoreOptions {
  codexHome: string;
  commitLockTimeoutMs?: number;
  authLockTimeoutMs?: number;
  /** Told once when auth.lock is still held by another process after `waitNoticeMs` (the CLI: a stderr line). */
  onLockWait?: () => void;
  /** Default 1 000 ms. */
  waitNoticeMs?: number;
}

/** The uid a link target must belong to (undefined where the platform has none). */
const myUid = (): number | undefined => process.getuid?.();

/** Reads and parses auth.json; null when it does not exist (a dangling symlink counts as absent). */
export async function readAuthJson(path: string): Promise<AuthDotJson | null> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path); // a FIFO/socket/device/directory is refused, never waited on
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CodexAuthError('store.read', rustIoError(e) + STORE.fixFileHint(path), { cause: e });
  }
  return parseAuthDotJson(bytes, { kind: 'file', path });
}

export interface CredentialLockOptions {
  commitLockTimeoutMs?: number;
  authLockTimeoutMs?: number;
  onLockWait?: () => void;
  waitNoticeMs?: number;
  /**
   * `write` (default): a symlinked auth.json whose target is not ours is refused before any lock
   * file appears beside it. `delete`: `fn` then gets undefined (only the link may go).
   */
  purpose?: 'write' | 'delete';
}

/**
 * Runs `fn` holding the same two locks the official binary holds around a credential commit:
 * `$CODEX_HOME/auth.lock`, then the commit lock next to the real (symlink-resolved) auth.json,
 * retried for ~5 s. Both are created 0600 whatever the umask. `fn` receives the real auth.json
 * path (undefined for a `delete` through a link to a file that is not ours).
 */
export async function withCredentialLocks<T>(
  codexHome: string,
  fn: (realAuthJson: string | undefined) => Promise<T>,
  opts: CredentialLockOptions = {},
): Promise<T> {
  const authLock = join(codexHome, AUTH_LOCK);
  const authLockTimeoutMs = opts.authLockTimeoutMs ?? AUTH_LOCK_TIMEOUT_MS;
  // Waiting for auth.lock is silent in the reference for as long as the other process holds it;
  // we say once, when it is still busy about a second after we found it held, what we wait for.
  let holding = false;
  let notice: NodeJS.Timeout | undefined;
  const onBusy = () => {
    if (!opts.onLockWait || notice) return;
    notice = setTimeout(() => {
      if (!holding) opts.onLockWait?.();
    }, opts.waitNoticeMs ?? 1_000);
    notice.unref();
  };
  return withFlock(
    authLock,
    0o600,
    async () => {
      holding = true;
      clearTimeout(notice);
      const link = authJsonPath(codexHome);
      const real = await resolveSymlinkTarget(link).catch((e: unknown) => {
        throw new CodexAuthError('store.write', rustIoError(e), { cause: e });
      });
      const foreign = await foreignLinkTarget(link, real, myUid());
      if (foreign !== undefined) {
        if (opts.purpose === 'delete') return fn(undefined);
        throw new CodexAuthError('store.link_target', FILES.linkTargetNotOurs(link, real, foreign));
      }
      return withFlock(commitLockPath(real), 0o600, () => fn(real), {
        timeoutMs: opts.commitLockTimeoutMs ?? COMMIT_LOCK_TIMEOUT_MS,
      });
    },
    {
      timeoutMs: authLockTimeoutMs,
      onBusy,
      onTimeout: () =>
        new CodexAuthError('store.lock_timeout', STORE.authLockTimeout(authLock, Math.round(authLockTimeoutMs / 1000))),
    },
  ).finally(() => clearTimeout(notice));
}

/** unlink; false when there was nothing. */
async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CodexAuthError('store.delete', rustIoError(e) + STORE.fixFileHint(path), { cause: e });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CodexAuthError('store.delete', rustIoError(e), { cause: e });
  }
}

export class FileStore implements CredentialStore {
  readonly kind = 'file' as const;
  readonly path: string;

  constructor(private readonly opts: FileStoreOptions) {
    this.path = authJsonPath(opts.codexHome);
  }

  load(): Promise<AuthDotJson | null> {
    return readAuthJson(this.path);
  }

  async save(doc: AuthDotJson): Promise<void> {
    const text = serializeAuthDotJson(doc);
    // Never save what no reader would read back (the previous login stays).
    const size = Buffer.byteLength(text);
    if (size > MAX_READ_BYTES) throw new CodexAuthError('store.too_large', FILES.credentialsTooLarge(size, MAX_READ_BYTES));
    // Like the reference's create_dir_all: a missing CODEX_HOME (e.g. ~/.codex) is created,
    // but 0700 (it holds credentials), not the reference's 0755.
    await mkdir(this.opts.codexHome, { recursive: true, mode: 0o700 }).catch((e: unknown) => {
      throw new CodexAuthError('store.write', rustIoError(e), { cause: e });
    });
    await withCredentialLocks(this.opts.codexHome, (real) => writeFileAtomic(real!, text), this.opts);
  }

  async delete(): Promise<boolean> {
    // A missing CODEX_HOME holds nothing; the reference then creates no lock files either.
    if (!(await exists(this.opts.codexHome))) return false;
    return withCredentialLocks(
      this.opts.codexHome,
      async (real) => {
        await killPoint('delete:locked');
        // Through a link to our credentials, the credentials themselves go first, then the link
        // (the reference removes only the link and leaves the tokens in the target).
        const removedTarget = real !== undefined && real !== this.path ? await removeFile(real) : false;
        return (await removeFile(this.path)) || removedTarget;
      },
      { ...this.opts, purpose: 'delete' },
    );
  }
}

/** Deletes auth.json without raising for "absent" (used by the keyring store after a save/delete). */
export async function removeAuthJson(codexHome: string, opts: FileStoreOptions | undefined = undefined): Promise<boolean> {
  return new FileStore(opts ?? { codexHome }).delete();
}
