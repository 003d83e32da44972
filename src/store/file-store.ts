/**
 * The `file` credential store: `$CODEX_HOME/auth.json` (spec §3.1, observed §2.5, §3).
 * load: missing → null; unreadable/malformed → CodexAuthError with the reference's text plus
 * which file and what to do. save: under `auth.lock` then `<real auth.json>.lock` (flock, as the
 * official binary), atomic replace, mode 0600. delete: removes auth.json (only the link when it
 * is a symlink) under the same locks; false when there was nothing.
 */
import { mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { commitLockPath, resolveSymlinkTarget, writeFileAtomic } from './atomic-write.js';
import { parseAuthDotJson, serializeAuthDotJson } from './auth-dot-json.js';
import { withFlock } from './flock.js';
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
}

/** Reads and parses auth.json; null when it does not exist (a dangling symlink counts as absent). */
export async function readAuthJson(path: string): Promise<AuthDotJson | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CodexAuthError('store.read', rustIoError(e) + STORE.fixFileHint(path), { cause: e });
  }
  return parseAuthDotJson(bytes, { kind: 'file', path });
}

/**
 * Runs `fn` holding the same two locks the official binary holds around a credential commit:
 * `$CODEX_HOME/auth.lock` (0644), then the commit lock next to the real (symlink-resolved)
 * auth.json (0600), retried for ~5 s. `fn` receives the real auth.json path.
 */
export async function withCredentialLocks<T>(
  codexHome: string,
  fn: (realAuthJson: string) => Promise<T>,
  opts: { commitLockTimeoutMs?: number; authLockTimeoutMs?: number } = {},
): Promise<T> {
  const authLock = join(codexHome, AUTH_LOCK);
  const authLockTimeoutMs = opts.authLockTimeoutMs ?? AUTH_LOCK_TIMEOUT_MS;
  return withFlock(
    authLock,
    0o666,
    async () => {
      const real = await resolveSymlinkTarget(authJsonPath(codexHome)).catch((e: unknown) => {
        throw new CodexAuthError('store.write', rustIoError(e), { cause: e });
      });
      return withFlock(commitLockPath(real), 0o600, () => fn(real), {
        timeoutMs: opts.commitLockTimeoutMs ?? COMMIT_LOCK_TIMEOUT_MS,
      });
    },
    {
      timeoutMs: authLockTimeoutMs,
      onTimeout: () =>
        new CodexAuthError('store.lock_timeout', STORE.authLockTimeout(authLock, Math.round(authLockTimeoutMs / 1000))),
    },
  );
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
    // Like the reference's create_dir_all: a missing CODEX_HOME (e.g. ~/.codex) is created,
    // but 0700 (it holds credentials), not the reference's 0755.
    await mkdir(this.opts.codexHome, { recursive: true, mode: 0o700 }).catch((e: unknown) => {
      throw new CodexAuthError('store.write', rustIoError(e), { cause: e });
    });
    await withCredentialLocks(this.opts.codexHome, (real) => writeFileAtomic(real, text), this.opts);
  }

  async delete(): Promise<boolean> {
    // A missing CODEX_HOME holds nothing; the reference then creates no lock files either.
    if (!(await exists(this.opts.codexHome))) return false;
    return withCredentialLocks(
      this.opts.codexHome,
      async () => {
        try {
          await unlink(this.path); // a symlink: only the link goes, its target stays
          return true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw new CodexAuthError('store.delete', rustIoError(e) + STORE.fixFileHint(this.path), { cause: e });
        }
      },
      this.opts,
    );
  }
}

/** Deletes auth.json without raising for "absent" (used by the keyring store after a save/delete). */
export async function removeAuthJson(codexHome: string, opts: FileStoreOptions | undefined = undefined): Promise<boolean> {
  return new FileStore(opts ?? { codexHome }).delete();
}
