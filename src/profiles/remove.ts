/**
 * `profile remove NAME [--revoke]`: deletes the profile (file, then keyring entry). The current
 * login stays as it is even when it is this profile's account. `--revoke` also revokes the
 * profile's sign-in through the caller's revoke function (the logout one) — refused for the
 * current login's profile, which would sign the current login out behind the user's back.
 */
import { CodexAuthError } from '../errors.js';
import { PROFILES } from '../messages/profiles.js';
import type { AuthDotJson } from '../store/types.js';
import type { ProfileContext } from './context.js';
import { sameLineage } from './lineage.js';
import { withProfileLocks } from './locks.js';
import { summarize } from './summary.js';

export interface RemoveResult {
  /** The profile was the current login's. */
  active: boolean;
}

export async function removeProfile(
  ctx: ProfileContext,
  name: string,
  opts: { revoke?: (doc: AuthDotJson) => Promise<void> } = {},
): Promise<RemoveResult> {
  await ctx.storage.get(name);
  return withProfileLocks({ codexHome: ctx.codexHome, names: [name], refreshLock: ctx.refreshLock, credentialLocks: false }, async () => {
    const p = await ctx.storage.get(name);
    const current = await ctx.store.load().catch(() => null);
    const active = current !== null && sameLineage(summarize(current), p.summary);
    if (opts.revoke && active) throw new CodexAuthError('profiles.revoke_active', PROFILES.revokeActive(name));
    if (opts.revoke) await opts.revoke(await ctx.storage.login(p));
    await ctx.storage.remove(p);
    return { active };
  });
}
