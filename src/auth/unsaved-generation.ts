/**
 * A refreshed token generation that could not be saved (docs/reliability.md "A failed save after
 * a refresh"). Refresh tokens are single-use: once the issuer answered, the stored refresh token
 * is spent, so losing the answer means a new sign-in. Instead the manager keeps the new generation
 * in memory, serves it, and saves it later — but only over the exact document it was refreshed
 * from: if storage now holds anything else (another process signed in, or stored a generation of
 * its own), that newer write wins and ours is dropped. Every method runs under the refresh lock.
 */
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';
import type { AuthDotJson, CredentialStore } from '../store/types.js';
import { credentialFingerprint } from './permanent-failures.js';

export type SettleResult =
  /** Nothing was held. */
  | { kind: 'none'; stored: AuthDotJson | null }
  /** The held generation is now stored. */
  | { kind: 'saved'; stored: AuthDotJson }
  /** Saving failed again; the held generation stands in for the (spent) stored one. */
  | { kind: 'failed'; stored: AuthDotJson; error: CodexAuthError<'auth.refresh_not_saved'> }
  /** Storage changed since the refresh: the held generation was dropped, `stored` is what is there. */
  | { kind: 'superseded'; stored: AuthDotJson | null };

/** The one-line, secret-free error for a save that failed after a successful refresh. */
export function notSavedError(cause: unknown): CodexAuthError<'auth.refresh_not_saved'> {
  const detail = (isCodexAuthError(cause) ? cause.message : String((cause as Error)?.message ?? cause)).replace(/\s*[\r\n]+\s*/g, ' ');
  const storeCode = isCodexAuthError(cause) ? cause.code : 'unknown';
  return new CodexAuthError('auth.refresh_not_saved', AUTH.refreshNotSaved(detail), { cause, details: { detail, storeCode } });
}

export class UnsavedGeneration {
  private held: { base: string; doc: AuthDotJson; error: CodexAuthError<'auth.refresh_not_saved'> } | undefined;

  /** The generation held in memory, if any. */
  get doc(): AuthDotJson | undefined {
    return this.held?.doc;
  }

  /** The credential fingerprint of the stored (spent) document the held generation replaces. */
  get base(): string | undefined {
    return this.held?.base;
  }

  /** Why the held generation is not saved (the last failed attempt). */
  get error(): CodexAuthError<'auth.refresh_not_saved'> | undefined {
    return this.held?.error;
  }

  /** Holds `doc`, refreshed from the stored document `base` (whose refresh token is now spent). */
  hold(base: AuthDotJson, doc: AuthDotJson, error: CodexAuthError<'auth.refresh_not_saved'>): void {
    // A second refresh of a held generation keeps the original base: that is what is on disk.
    this.held = { base: this.held?.base ?? credentialFingerprint(base), doc, error };
  }

  /** What a reader should use instead of `stored`: the held generation while storage still holds its base. */
  effective(stored: AuthDotJson | null): AuthDotJson | null {
    return this.held && credentialFingerprint(stored) === this.held.base ? this.held.doc : stored;
  }

  /** Tries to save the held generation over `stored` (just re-read under the lock). */
  async settle(store: CredentialStore, stored: AuthDotJson | null): Promise<SettleResult> {
    const held = this.held;
    if (!held) return { kind: 'none', stored };
    if (credentialFingerprint(stored) !== held.base) {
      this.held = undefined; // never overwrite a newer write
      return { kind: 'superseded', stored };
    }
    try {
      await store.save(held.doc);
    } catch (e) {
      held.error = notSavedError(e);
      return { kind: 'failed', stored: held.doc, error: held.error };
    }
    this.held = undefined;
    return { kind: 'saved', stored: held.doc };
  }
}
