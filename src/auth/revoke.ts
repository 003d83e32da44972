/**
 * The one revoke (codex-auth-spec.md §9.3; observed §3), used by logout (CLI and library) and by
 * a sign-in that replaces stored credentials: which documents carry a revocable token (the mode
 * rule), which token (refresh, else access), where it goes, with which client id, within 10 s,
 * stopping early when the caller's signal aborts. Best effort: problems go to `warn`, it never
 * throws.
 *
 * Where the token goes — a token is never sent to a server that did not issue it:
 * 1. CODEX_REVOKE_TOKEN_URL_OVERRIDE (the operator's explicit choice);
 * 2. else `<oauth_provenance.issuer>/oauth/revoke` (the issuer the tokens came from; the
 *    reference sends them to auth.openai.com even after `login --issuer X`);
 * 3. else the refresh override's `/oauth/revoke` (tokens refreshed there lose their provenance);
 * 4. else https://auth.openai.com/oauth/revoke.
 * The client id is the provenance one when the token goes to its issuer, else the reference's.
 */
import type { Env } from '../env.js';
import { isCodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';
import { revokeClientId } from '../oauth/client-id.js';
import { revokeTokenUrl, trimIssuer } from '../oauth/urls.js';
import { resolveAuthMode } from '../store/auth-mode.js';
import type { AuthDotJson } from '../store/types.js';

export interface RevokeCall {
  url: string;
  token: string;
  tokenTypeHint: 'refresh_token' | 'access_token';
  /** Sent with refresh tokens only (observed §3). */
  clientId?: string;
  signal: AbortSignal;
}

/** One revoke request (oauth/revoke.ts bound to a fetch); rejects with a CodexAuthError on failure. */
export type RevokeFn = (call: RevokeCall) => Promise<void>;

export const REVOKE_TIMEOUT_MS = 10_000;

export interface RevokeOptions {
  revoke: RevokeFn;
  env: Env;
  warn: (message: string) => void;
  /** Default 10 s. */
  timeoutMs?: number;
  /** Aborting stops the revoke at once (e.g. Ctrl-C); nothing is reported then. */
  signal?: AbortSignal;
}

/**
 * What to revoke for a document, or undefined. Only ChatGPT logins carry a revocable token (the
 * store's mode rule: `auth_mode`, else PAT / Bedrock / API key by the fields present, else chatgpt).
 */
export function revokeTarget(doc: AuthDotJson | null | undefined): Pick<RevokeCall, 'token' | 'tokenTypeHint'> | undefined {
  if (!doc?.tokens || resolveAuthMode(doc) !== 'chatgpt') return undefined;
  if (doc.tokens.refresh_token) return { token: doc.tokens.refresh_token, tokenTypeHint: 'refresh_token' };
  if (doc.tokens.access_token) return { token: doc.tokens.access_token, tokenTypeHint: 'access_token' };
  return undefined;
}

/** Where a document's token is revoked, and with which client id (the policy above). */
export function revokeEndpoint(env: Env, doc: AuthDotJson | null | undefined): { url: string; clientId: string } {
  const provenance = doc?.tokens?.oauth_provenance;
  const issuer = typeof provenance?.issuer === 'string' && provenance.issuer.trim() !== '' ? provenance.issuer : undefined;
  if (env['CODEX_REVOKE_TOKEN_URL_OVERRIDE'] === undefined && issuer !== undefined) {
    const clientId = typeof provenance?.client_id === 'string' && provenance.client_id.trim() !== '' ? provenance.client_id : revokeClientId(env);
    return { url: `${trimIssuer(issuer)}/oauth/revoke`, clientId };
  }
  return { url: revokeTokenUrl(env), clientId: revokeClientId(env) };
}

/** Revokes `doc`'s token within the cap, whatever the server does. True when the server confirmed. */
export async function revokeBestEffort(o: RevokeOptions, doc: AuthDotJson | null | undefined): Promise<boolean> {
  const target = revokeTarget(doc);
  if (!target || o.signal?.aborted) return false;
  const { url, clientId } = revokeEndpoint(o.env, doc);
  const timeoutMs = o.timeoutMs ?? REVOKE_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  let settle: (r: 'timeout' | 'aborted') => void = () => {};
  const stopped = new Promise<'timeout' | 'aborted'>((resolve) => (settle = resolve));
  timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
    settle('timeout');
  }, timeoutMs);
  const onAbort = () => {
    controller.abort();
    settle('aborted');
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const call: RevokeCall = {
    url,
    ...target,
    ...(target.tokenTypeHint === 'refresh_token' ? { clientId } : {}),
    signal: controller.signal,
  };
  try {
    // The race bounds the wait even if the revoke call ignores its signal.
    const r = await Promise.race([o.revoke(call).then(() => 'ok' as const), stopped]);
    if (r === 'timeout') o.warn(AUTH.revokeTimedOut(timeoutMs / 1000));
    return r === 'ok';
  } catch (e) {
    if (timedOut) o.warn(AUTH.revokeTimedOut(timeoutMs / 1000));
    else if (!o.signal?.aborted) o.warn(AUTH.revokeFailed(isCodexAuthError(e) ? e.message : 'unexpected error'));
    return false;
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}
