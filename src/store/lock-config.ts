/**
 * Process-wide lock settings, set once by the host (the CLI's main from its env; a library user
 * through `configureLocks`): which mechanism to try first (`CODEX_AUTH_LOCK`) and where the
 * one-line notice goes when no lock exclusive with the official binary is possible. Tiny on
 * purpose: cli/main.ts imports it statically.
 */
export const LOCK_VIAS = ['fs-ext', 'flock-cmd', 'perl', 'lock-file'] as const;
/** How a lock is taken: see mechanisms.ts. */
export type LockVia = (typeof LOCK_VIAS)[number];

export interface LockSettings {
  /** Try this mechanism first (`CODEX_AUTH_LOCK`); unknown values are ignored. */
  prefer?: string;
  /** Receives the one-line notice (once per process) when our locks cannot exclude the official binary. */
  notice?: (line: string) => void;
}

export const lockSettings: { prefer?: LockVia; notice?: (line: string) => void } = {};

/** Sets what `s` names (a `prefer` key that is present but undefined clears the preference). */
export function configureLocks(s: LockSettings): void {
  if ('prefer' in s) {
    const p = s.prefer?.trim();
    lockSettings.prefer = (LOCK_VIAS as readonly string[]).includes(p ?? '') ? (p as LockVia) : undefined;
  }
  if (s.notice) lockSettings.notice = s.notice;
}
