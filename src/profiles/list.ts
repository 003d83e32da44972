/**
 * `profile list`: every profile with what it holds (never a secret) and an `active` marker on the
 * one the current login belongs to (lineage.ts). The active profile is described by the current
 * login itself — the parked copy may be generations behind while it is active.
 */
import type { ProfileContext } from './context.js';
import { owningProfile } from './lineage.js';
import { needsSignIn } from './use.js';
import { summarize, type LoginSummary } from './summary.js';

export interface ProfileListEntry {
  name: string;
  active: boolean;
  account_id: string | null;
  email: string | null;
  plan_type: string | null;
  mode: string;
  workspace: string | null;
  expires_at: string | null;
  last_refresh: string | null;
  last_used: string | null;
  saved_at: string;
  secret_store: 'file' | 'keyring';
  needs_signin: boolean;
}

export async function listProfiles(ctx: ProfileContext): Promise<ProfileListEntry[]> {
  const all = await ctx.storage.readAll();
  let current: LoginSummary | undefined;
  try {
    const doc = await ctx.store.load();
    if (doc) current = summarize(doc);
  } catch {
    // An unreadable current login: no profile is marked active.
  }
  const owner = current ? owningProfile(current, all) : undefined;
  return all.map((p) => {
    const active = p === owner;
    const s = active && current ? current : p.summary;
    return {
      name: p.name,
      active,
      account_id: s.account_id,
      email: s.email,
      plan_type: s.plan_type,
      mode: s.mode,
      workspace: s.workspace,
      expires_at: s.expires_at,
      last_refresh: s.last_refresh,
      last_used: p.last_used,
      saved_at: p.saved_at,
      secret_store: p.secret_store,
      needs_signin: !active && needsSignIn(p),
    };
  });
}
