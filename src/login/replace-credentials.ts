/**
 * Replacing the stored credentials after a sign-in succeeded. The reference revokes and deletes
 * the old credentials when a browser or device login *starts*, so a cancelled or failed login
 * logs you out (observed §2.1.6). We keep them until the new ones are saved, and only then revoke
 * the old refresh token, best effort (a failed revoke never fails the sign-in).
 */
import type { AuthDotJson, CredentialStore } from '../store/types.js';

/** Revokes what a previous document holds (the CLI passes AuthManager's logout-revoke step). */
export type RevokePrevious = (previous: AuthDotJson, signal?: AbortSignal) => Promise<void>;

export interface ReplaceOptions {
  store: CredentialStore;
  doc: AuthDotJson;
  revokePrevious?: RevokePrevious;
  /** Upper bound for the best-effort revoke (the reference uses 10 s). */
  revokeTimeoutMs?: number;
}

function sameRefreshToken(a: AuthDotJson, b: AuthDotJson): boolean {
  const ra = a.tokens?.refresh_token;
  return typeof ra === 'string' && ra !== '' && ra === b.tokens?.refresh_token;
}

/** Saves `doc`, then revokes the credentials it replaced. Returns whether a revoke was attempted. */
export async function replaceCredentials(opts: ReplaceOptions): Promise<boolean> {
  // An unreadable previous document is not a reason to fail a sign-in: it is simply replaced.
  const previous = await opts.store.load().catch(() => null);
  await opts.store.save(opts.doc);
  if (previous === null || opts.revokePrevious === undefined || sameRefreshToken(previous, opts.doc)) return false;
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      opts.revokePrevious(previous, ac.signal),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          ac.abort(new Error('revoke timed out'));
          resolve();
        }, opts.revokeTimeoutMs ?? 10_000);
      }),
    ]);
  } catch {
    // best effort, like the reference's logout revoke
  } finally {
    clearTimeout(timer);
  }
  return true;
}
