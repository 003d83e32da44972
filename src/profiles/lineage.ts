/**
 * Token lineage (issue 14, "honesty about the lineage"). A ChatGPT sign-in starts a lineage; each
 * refresh makes a new generation of it and spends the previous one. A lineage is identified by
 * its account id and user id, and by `login_owner_id` (random per sign-in, kept across
 * refreshes) when both sides carry one — files written before 0.169 have none, and then the
 * account and user alone decide. Which of two generations of one lineage is newer: the later
 * `last_refresh`, else the later access-token `iat`.
 */
import type { LoginSummary } from './summary.js';

export function sameAccount(a: LoginSummary, b: LoginSummary): boolean {
  return a.account_id !== null && a.account_id === b.account_id && a.user_id === b.user_id;
}

/** True when `a` and `b` are generations of one sign-in. */
export function sameLineage(a: LoginSummary, b: LoginSummary): boolean {
  if (a.mode !== b.mode) return false;
  if (a.mode !== 'chatgpt') return a.generation === b.generation;
  if (!sameAccount(a, b)) return false;
  return a.login_owner_id === null || b.login_owner_id === null || a.login_owner_id === b.login_owner_id;
}

function stamp(s: LoginSummary): number {
  const lr = s.last_refresh === null ? NaN : Date.parse(s.last_refresh);
  if (!Number.isNaN(lr)) return lr;
  const iat = s.issued_at === null ? NaN : Date.parse(s.issued_at);
  return Number.isNaN(iat) ? 0 : iat;
}

/**
 * How `current` relates to `parked`, two generations of one lineage: `same` generation, `newer`
 * (write it back: it replaced the parked one), or `older` (the parked copy is newer; keep it).
 */
export function compareGenerations(current: LoginSummary, parked: LoginSummary): 'same' | 'newer' | 'older' {
  if (current.generation === parked.generation) return 'same';
  return stamp(current) >= stamp(parked) ? 'newer' : 'older';
}

/**
 * The profile the current login belongs to: the one of its lineage; else, when the current login
 * is a new sign-in of an account exactly one profile holds, that profile (the new sign-in
 * replaces the old one there); else none.
 */
export function owningProfile<T extends { summary: LoginSummary }>(current: LoginSummary, profiles: readonly T[]): T | undefined {
  const lineage = profiles.filter((p) => sameLineage(current, p.summary));
  if (lineage.length > 0) {
    // Several (a hand-made copy): the one holding the same generation, else the newest.
    return lineage.find((p) => p.summary.generation === current.generation) ?? lineage.sort((x, y) => stamp(y.summary) - stamp(x.summary))[0];
  }
  if (current.mode !== 'chatgpt') return undefined;
  const account = profiles.filter((p) => p.summary.mode === 'chatgpt' && sameAccount(current, p.summary));
  return account.length === 1 ? account[0] : undefined;
}
