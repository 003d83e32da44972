/**
 * Logout with revoke (codex-auth-spec.md §9.3, §3.6; codex-cli-observed.md §3), for the CLI and
 * the AuthManager alike: revoke the stored ChatGPT token (revoke.ts: best effort, at most 10 s),
 * then delete the credentials from every store (store/logout-all.ts). A failing or hanging revoke
 * never keeps the local credentials; the caller's `warn` (stderr in the CLI) says what happened.
 */
import { CodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';
import { deleteFromEveryStore } from '../store/logout-all.js';
import type { AuthDotJson, CredentialStore } from '../store/types.js';
import { revokeBestEffort, revokeTarget, type RevokeOptions } from './revoke.js';

export type { RevokeFn } from './revoke.js';

export interface LogoutOptions extends RevokeOptions {
  store: CredentialStore;
  /** The ephemeral store of the same CODEX_HOME (default: opened here). */
  ephemeral?: CredentialStore;
  codexHome?: string;
  /**
   * The credentials whose token to revoke. The CLI leaves it out (the stored document is loaded;
   * a load failure is a warning and nothing is revoked); the AuthManager passes its cached one.
   */
  doc?: AuthDotJson | null;
  /** Whether an unreadable store is worth a warning (the CLI: no — the reference prints nothing). Default true. */
  warnUnreadable?: boolean;
}

/** Reads the stored document to revoke; a store that cannot be read is a warning (nothing to revoke). */
export async function loadForRevoke(store: CredentialStore, warn: (message: string) => void): Promise<AuthDotJson | null> {
  try {
    return await store.load();
  } catch (e) {
    warn(AUTH.loadFailedBeforeLogout(e instanceof CodexAuthError ? e.message : 'unexpected error'));
    return null;
  }
}

/** Revoke, then delete from every store (§3.6). Resolves true when anything was removed. */
export async function logoutWithRevoke(o: LogoutOptions): Promise<boolean> {
  const doc = o.doc === undefined ? await loadForRevoke(o.store, o.warnUnreadable === false ? () => {} : o.warn) : o.doc;
  if (revokeTarget(doc)) await revokeBestEffort(o, doc);
  return deleteFromEveryStore(o.store, { ...(o.ephemeral ? { ephemeral: o.ephemeral } : {}), ...(o.codexHome ? { codexHome: o.codexHome } : {}) });
}
