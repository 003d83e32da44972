/**
 * When a workload identity token is renewed (codex-0171-delta.md §1.6, exchange.rs): proactively
 * at lifetime − min(120 s, lifetime/2), mandatorily at lifetime − min(30 s, lifetime/4), both
 * counted from when the exchange was sent.
 */

export interface RenewalTimes {
  /** From here a renewal is attempted; on a transient failure the old token is still served. */
  softAt: number;
  /** From here the old token is no longer served. */
  hardAt: number;
}

export function renewalTimes(obtainedAt: number, lifetimeSeconds: number): RenewalTimes {
  const l = lifetimeSeconds * 1000;
  return { softAt: obtainedAt + l - Math.min(120_000, l / 2), hardAt: obtainedAt + l - Math.min(30_000, l / 4) };
}
