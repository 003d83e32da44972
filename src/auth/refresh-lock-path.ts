/**
 * Where our cross-process refresh lock lives. Normally `$CODEX_HOME/auth.refresh.lock`. When
 * `$CODEX_HOME/auth.json` is a symlink (several CODEX_HOMEs sharing one credential file), the lock
 * goes next to the real file instead — `<dir of target>/<stem>.refresh.lock`, so `auth.refresh.lock`
 * for a target named auth.json — so every process refreshing that one file takes the same lock and
 * a refresh token is never spent twice. This mirrors the official binary's `auth.json.lock`, which
 * it also takes next to the target (observed §2.5). Resolved before each refresh: a link made
 * after the manager started is followed too.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';

export const REFRESH_LOCK = 'auth.refresh.lock';

/** `auth.json` → `auth.refresh.lock`, `creds.json` → `creds.refresh.lock`, `x` → `x.refresh.lock`. */
export function refreshLockName(authFile: string): string {
  const name = basename(authFile);
  const ext = extname(name);
  return `${ext && ext !== name ? name.slice(0, -ext.length) : name}.refresh.lock`;
}

export async function refreshLockPathFor(codexHome: string): Promise<string> {
  const fallback = join(codexHome, REFRESH_LOCK);
  const link = resolve(codexHome, 'auth.json');
  try {
    const { resolveSymlinkTarget } = await import('../store/atomic-write.js');
    const target = await resolveSymlinkTarget(link);
    if (target === link) return fallback;
    // Canonical, so links that reach the target through different directory links agree.
    return join(await realpath(dirname(target)), refreshLockName(target));
  } catch {
    // A link loop or a target directory that does not exist: nothing to share, nothing to refresh.
    return fallback;
  }
}
