/**
 * `profile use NAME` (issue 14): under the profiles' locks, our refresh lock and the official
 * CLI's commit locks (locks.ts) —
 * 1. the current login is written back into its own profile (lineage.ts: matched by account and
 *    sign-in), when it is a newer generation than the parked copy — e.g. one the official binary
 *    refreshed while that profile was active — so no generation is ever lost;
 * 2. NAME's login becomes the current login (auth.json, or the keyring entry);
 * 3. NAME's `last_used` is set.
 * Each step is one atomic write, so a process killed at any point leaves the old or the new login
 * current and every profile whole. Nothing is ever revoked. A current login that no profile holds
 * is never overwritten (it would be lost): the user is told to save it first.
 */
import { CodexAuthError } from '../errors.js';
import { PROFILES } from '../messages/profiles.js';
import { readActive, writeActive } from './active-login.js';
import type { ProfileContext } from './context.js';
import { compareGenerations, owningProfile, sameLineage } from './lineage.js';
import { withProfileLocks } from './locks.js';
import { pauseAt } from './pause.js';
import { assertPersistent } from './save.js';
import { summarize, who } from './summary.js';

export interface UseResult {
  kind: 'switched' | 'already';
  who: string;
  /** The profile the previous login was written back to (undefined: none, or nothing newer). */
  wroteBack?: string;
}

/** The official binary refreshes an access token within 5 minutes of its expiry (observed §4). */
const OFFICIAL_WINDOW_MS = 300_000;

/** Whether a running Codex may be refreshing this login right now (it takes no lock before it does). */
function dueForOfficialRefresh(s: { expires_at: string | null }, now: number): boolean {
  return s.expires_at !== null && Date.parse(s.expires_at) - now <= OFFICIAL_WINDOW_MS;
}

export function needsSignIn(p: { needs_signin: string | null; summary: { generation: string } }): boolean {
  return p.needs_signin !== null && p.needs_signin === p.summary.generation;
}

export async function useProfile(ctx: ProfileContext, name: string): Promise<UseResult> {
  assertPersistent(ctx);
  await ctx.storage.get(name); // a missing profile: refused before any lock file is made
  const names = [name, ...(await ctx.storage.names())];
  const announce = (line: string) => ctx.warn(line);
  return withProfileLocks({ codexHome: ctx.codexHome, names, refreshLock: ctx.refreshLock, credentialLocks: true }, async (realAuthJson) => {
    await pauseAt(ctx.env, 'locked', announce);
    const active = { kind: ctx.kind, realAuthJson, store: ctx.store, warn: ctx.warn, ...(ctx.keyring ? { keyring: ctx.keyring } : {}) };
    const target = await ctx.storage.get(name);
    if (needsSignIn(target)) throw new CodexAuthError('profiles.needs_signin', PROFILES.needsSignIn(name));
    const now = new Date(ctx.now()).toISOString();
    const current = await readActive(active);
    let wroteBack: string | undefined;
    if (current) {
      const cs = summarize(current);
      const owner = owningProfile(cs, await ctx.storage.readAll());
      if (!owner) throw new CodexAuthError('profiles.unsaved_current', PROFILES.unsavedCurrent(who(cs)));
      // A new sign-in of the owner's account replaces the old one; within one sign-in, only newer.
      const rel = sameLineage(cs, owner.summary) ? compareGenerations(cs, owner.summary) : 'newer';
      if (rel === 'newer') {
        await ctx.storage.write(owner.name, current, owner, { last_used: now, needs_signin: null });
        wroteBack = owner.name;
      }
      if (owner.name !== name && dueForOfficialRefresh(cs, ctx.now())) ctx.warn(PROFILES.dueAtSwitch(owner.name));
      // (An older current generation than the parked one is stale: the parked one is activated below.)
      if (owner.name === name && rel !== 'older') return { kind: 'already', who: who(cs), ...(wroteBack ? { wroteBack } : {}) };
    }
    await pauseAt(ctx.env, 'parked', announce);
    const doc = await ctx.storage.login(target);
    await writeActive(active, doc);
    await pauseAt(ctx.env, 'activated', announce);
    await ctx.storage.updateMeta(target, { last_used: now });
    return { kind: 'switched', who: who(target.summary), ...(wroteBack ? { wroteBack } : {}) };
  });
}
