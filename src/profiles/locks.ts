/**
 * The locks a profile operation holds, always in this order (so two operations never wait on
 * each other in a cycle): the profiles' own `profiles/NAME.lock` files (sorted by name), then our
 * refresh lock of the current login (`auth.refresh.lock`: no codex-auth process refreshes the
 * current login meanwhile), then — for operations that read and replace the current login — the
 * official CLI's commit locks, `auth.lock` then `auth.json.lock` (store/'s withCredentialLocks), so
 * a running Codex never commits in between. All are flock(2) locks from store/flock.ts: a killed
 * process releases them.
 */
import { mkdir } from 'node:fs/promises';
import { CodexAuthError } from '../errors.js';
import { PROFILE_LOCKS } from '../messages/profiles.js';
import { authJsonPath, withCredentialLocks } from '../store/file-store.js';
import { withFlock } from '../store/flock.js';
import { profileLockFile, profilesDir } from './paths.js';

export const PROFILE_LOCK_TIMEOUT_MS = 60_000;

export interface ProfileLockOptions {
  codexHome: string;
  /** The profiles touched (each is locked once). */
  names: readonly string[];
  /** Our refresh lock of the current login (see auth/refresh-lock-path.ts). */
  refreshLock: string;
  /** Also hold the official CLI's commit locks around `fn`. */
  credentialLocks: boolean;
  timeoutMs?: number;
}

function timed(path: string, timeoutMs: number) {
  return {
    timeoutMs,
    onTimeout: () => new CodexAuthError('profiles.lock_timeout', PROFILE_LOCKS.timeout(path, Math.round(timeoutMs / 1000))),
  };
}

/** Runs `fn` under the locks; it receives the real (symlink-resolved when the commit locks are held) auth.json path. */
export async function withProfileLocks<T>(o: ProfileLockOptions, fn: (realAuthJson: string) => Promise<T>): Promise<T> {
  const timeoutMs = o.timeoutMs ?? PROFILE_LOCK_TIMEOUT_MS;
  if (o.names.length > 0) await mkdir(profilesDir(o.codexHome), { recursive: true, mode: 0o700 });
  const paths = [...new Set(o.names)].sort().map((n) => profileLockFile(o.codexHome, n));
  const inner = () =>
    withFlock(o.refreshLock, 0o600, () => (o.credentialLocks ? withCredentialLocks(o.codexHome, (real) => fn(real ?? authJsonPath(o.codexHome))) : fn(authJsonPath(o.codexHome))), timed(o.refreshLock, timeoutMs));
  const nest = (i: number): Promise<T> => (i === paths.length ? inner() : withFlock(paths[i]!, 0o600, () => nest(i + 1), timed(paths[i]!, timeoutMs)));
  return nest(0);
}
