/**
 * `profile save NAME [--force]`: the current login (from the configured store) becomes profile
 * NAME. Refused when NAME holds another account (unless --force), when another profile already
 * holds this sign-in (one sign-in lives in one profile: two parked copies of one refresh token
 * would spend each other), and when there is no ChatGPT login. Never writes an older generation
 * over a newer one of the same sign-in.
 */
import { CodexAuthError } from '../errors.js';
import { PROFILES } from '../messages/profiles.js';
import { readActive } from './active-login.js';
import type { ProfileContext } from './context.js';
import { compareGenerations, sameAccount, sameLineage } from './lineage.js';
import { withProfileLocks } from './locks.js';
import { summarize, who } from './summary.js';

export interface SaveResult {
  kind: 'saved' | 'updated' | 'unchanged';
  who: string;
}

export function assertPersistent(ctx: ProfileContext): void {
  if (ctx.kind === 'ephemeral') throw new CodexAuthError('profiles.ephemeral', PROFILES.ephemeralStore);
}

export async function saveProfile(ctx: ProfileContext, name: string, opts: { force?: boolean } = {}): Promise<SaveResult> {
  assertPersistent(ctx);
  const names = [name, ...(await ctx.storage.names())];
  return withProfileLocks({ codexHome: ctx.codexHome, names, refreshLock: ctx.refreshLock, credentialLocks: true }, async (realAuthJson) => {
    const current = await readActive({ kind: ctx.kind, realAuthJson, store: ctx.store, warn: ctx.warn, ...(ctx.keyring ? { keyring: ctx.keyring } : {}) });
    if (!current) throw new CodexAuthError('profiles.not_logged_in', PROFILES.notLoggedIn);
    const s = summarize(current);
    if (s.mode !== 'chatgpt' || !current.tokens) throw new CodexAuthError('profiles.not_chatgpt', PROFILES.notChatgpt(s.mode));
    const all = await ctx.storage.readAll();
    const other = all.find((p) => p.name !== name && sameLineage(s, p.summary));
    if (other) throw new CodexAuthError('profiles.duplicate', PROFILES.alreadySavedAs(other.name));
    const existing = all.find((p) => p.name === name) ?? null;
    if (existing && !sameAccount(s, existing.summary) && !opts.force) {
      throw new CodexAuthError('profiles.other_account', PROFILES.otherAccount(name, who(existing.summary), who(s)));
    }
    const now = new Date(ctx.now()).toISOString();
    if (existing && sameLineage(s, existing.summary) && compareGenerations(s, existing.summary) !== 'newer') {
      // The profile already holds this generation (or a newer one): nothing to write.
      return { kind: 'unchanged', who: who(s) };
    }
    await ctx.storage.write(name, current, existing, { last_used: now, needs_signin: null });
    return { kind: existing ? 'updated' : 'saved', who: who(s) };
  });
}
