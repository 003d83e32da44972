/**
 * Logout with revoke (codex-auth-spec.md §9.3, §3.6; codex-cli-observed.md §3): revoke the stored
 * ChatGPT token (best effort), then delete the credentials from the ephemeral and the configured
 * store. A failing or hanging revoke delays logout by at most 10 s and never keeps the local
 * credentials; the caller's `warn` (stderr in the CLI) says what happened.
 */
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';
import type { AuthDotJson, CredentialStore } from '../store/types.js';

export interface RevokeCall {
  url: string;
  token: string;
  tokenTypeHint: 'refresh_token' | 'access_token';
  /** Sent with refresh tokens only (observed §3). */
  clientId?: string;
  signal: AbortSignal;
}

/** One revoke request (oauth/); rejects with a CodexAuthError on a non-2xx answer or transport failure. */
export type RevokeFn = (call: RevokeCall) => Promise<void>;

export const REVOKE_TIMEOUT_MS = 10_000;

export interface RevokeOptions {
  revoke: RevokeFn;
  revokeUrl: string;
  clientId: string;
  warn: (message: string) => void;
  /** Default 10 s. */
  timeoutMs?: number;
}

export interface LogoutOptions extends RevokeOptions {
  store: CredentialStore;
  ephemeral?: CredentialStore;
  /**
   * The credentials whose token to revoke. The CLI leaves it out (the stored document is loaded;
   * a load failure is a warning and nothing is revoked); the AuthManager passes its cached one.
   */
  doc?: AuthDotJson | null;
}

/**
 * What to revoke for a document, or undefined. Only ChatGPT logins carry a revocable token; the
 * mode is the reference's: `auth_mode`, else API key when `OPENAI_API_KEY` is set, else chatgpt.
 */
export function revokeTarget(doc: AuthDotJson | null | undefined): Pick<RevokeCall, 'token' | 'tokenTypeHint'> | undefined {
  if (!doc?.tokens) return undefined;
  const mode = doc.auth_mode ?? (doc.OPENAI_API_KEY !== null && doc.OPENAI_API_KEY !== undefined ? 'apikey' : 'chatgpt');
  if (mode !== 'chatgpt') return undefined;
  if (doc.tokens.refresh_token) return { token: doc.tokens.refresh_token, tokenTypeHint: 'refresh_token' };
  if (doc.tokens.access_token) return { token: doc.tokens.access_token, tokenTypeHint: 'access_token' };
  return undefined;
}

/** Revokes within `timeoutMs`, whatever the server does; reports problems through `warn`. */
export async function revokeBestEffort(o: RevokeOptions, doc: AuthDotJson | null | undefined): Promise<boolean> {
  const target = revokeTarget(doc);
  if (!target) return false;
  const timeoutMs = o.timeoutMs ?? REVOKE_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  const call: RevokeCall = {
    url: o.revokeUrl,
    ...target,
    ...(target.tokenTypeHint === 'refresh_token' ? { clientId: o.clientId } : {}),
    signal: controller.signal,
  };
  try {
    // The race bounds the wait even if the revoke call ignores its signal.
    const r = await Promise.race([o.revoke(call).then(() => 'ok' as const), timedOut]);
    if (r === 'timeout') {
      o.warn(AUTH.revokeTimedOut(timeoutMs / 1000));
      return false;
    }
    return true;
  } catch (e) {
    if (controller.signal.aborted) o.warn(AUTH.revokeTimedOut(timeoutMs / 1000));
    else o.warn(AUTH.revokeFailed(isCodexAuthError(e) ? e.message : 'unexpected error'));
    return false;
  } finally {
    clearTimeout(timer);
  }
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
  const doc = o.doc === undefined ? await loadForRevoke(o.store, o.warn) : o.doc;
  await revokeBestEffort(o, doc);
  const removedEphemeral = o.ephemeral && o.ephemeral !== o.store ? await o.ephemeral.delete() : false;
  const removed = await o.store.delete();
  return removed || removedEphemeral;
}
