/**
 * Replacing the stored credentials after a sign-in succeeded. The reference revokes and deletes
 * the old credentials when a browser or device login *starts*, so a cancelled or failed login
 * logs you out (observed §2.1.6). We keep them until the new ones are saved, and only then revoke
 * the old refresh token, best effort (a failed revoke never fails the sign-in).
 */
import type { AuthDotJson, CredentialStore } from '../store/types.js';

/**
 * Revokes what a previous document holds, best effort and bounded (the CLI passes auth/revoke.ts's
 * revokeBestEffort: the mode rule, the URL policy, the 10 s cap); it should not throw.
 */
export type RevokePrevious = (previous: AuthDotJson) => Promise<unknown>;

export interface ReplaceOptions {
  store: CredentialStore;
  doc: AuthDotJson;
  revokePrevious?: RevokePrevious;
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
  // Best effort, like the reference's logout revoke: a failed revoke never fails the sign-in.
  await opts.revokePrevious(previous).catch(() => {});
  return true;
}
