/**
 * Refreshing an access token (RFC 6749 §6), as the official client does (observed §4, spec §10.3):
 * `POST <refresh URL>` with JSON `{"client_id","grant_type":"refresh_token","refresh_reason",
 * "refresh_token"}` (this key order, no scope) and the default Codex headers. Failures are
 * classified per spec §10.4: `oauth.refresh_permanent` (details.reason expired | exhausted |
 * revoked | other) or `oauth.refresh_transient`.
 */
import { CodexAuthError, type RefreshFailureReason } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { statusLine } from './http-status.js';
import { readText, send } from './send.js';
import { redactSecrets, serverText, tokenErrorDetail } from './token-endpoint-error.js';

export type RefreshReason = 'proactive_expiry' | 'unauthorized_recovery' | 'forced' | 'scheduled';
export type { RefreshFailureReason } from '../errors.js';

export interface RefreshParams {
  fetch: FetchLike;
  /** Aborting ends the request (send.ts); the step rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** From urls.refreshTokenUrl(). */
  url: string;
  /** From clientId.refreshClientId(). */
  clientId: string;
  refreshToken: string;
  refreshReason: RefreshReason;
  /** Default Codex headers (headers.defaultHeaders()); content-type is added here. */
  headers?: Record<string, string>;
}

/** Each field is present only when the server returned it (spec §10.3). */
export interface RefreshedTokens {
  idToken?: string;
  accessToken?: string;
  refreshToken?: string;
}

export async function refreshTokens(p: RefreshParams): Promise<RefreshedTokens> {
  const body = JSON.stringify({
    client_id: p.clientId,
    grant_type: 'refresh_token',
    refresh_reason: p.refreshReason,
    refresh_token: p.refreshToken,
  });
  let res: Response;
  try {
    res = await send({ fetch: p.fetch, signal: p.signal, url: p.url, method: 'POST', headers: { ...p.headers, 'content-type': 'application/json' }, body });
  } catch (e) {
    p.signal?.throwIfAborted();
    const err = e as CodexAuthError;
    throw new CodexAuthError('oauth.refresh_transient', err.message, { cause: err.cause, details: { ...err.details, transport: true } });
  }
  const text = await readText(res, p.signal);
  if (!res.ok) throw classifyRefreshFailure(res.status, text, [p.refreshToken]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const o = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  const out: RefreshedTokens = {};
  const fields = [['id_token', 'idToken'], ['access_token', 'accessToken'], ['refresh_token', 'refreshToken']] as const;
  for (const [wire, key] of fields) {
    const v = o?.[wire];
    if (o === undefined || (v !== undefined && v !== null && typeof v !== 'string')) {
      throw new CodexAuthError('oauth.refresh_transient', OAUTH.decodingBody, { details: { status: res.status } });
    }
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/**
 * `error.message`, else the raw body, else `Unknown error` — kept for oauth/revoke.ts (issue 10's,
 * on another branch) until it reads tokenErrorDetail(body).message itself.
 */
export function errorMessageOf(body: string): string {
  return tokenErrorDetail(body).message;
}

const PERMANENT: Readonly<Record<string, [RefreshFailureReason, string]>> = {
  refresh_token_expired: ['expired', OAUTH.refreshExpired],
  refresh_token_reused: ['exhausted', OAUTH.refreshReused],
  refresh_token_invalidated: ['revoked', OAUTH.refreshRevoked],
};

/** The spec §10.4 table for a non-2xx answer. */
export function classifyRefreshFailure(status: number, body: string, secrets: readonly string[] = []): CodexAuthError {
  const detail = tokenErrorDetail(body);
  const code = detail.code;
  const known = code === undefined ? undefined : PERMANENT[code.toLowerCase()];
  const invalidGrant = status === 400 && code?.toLowerCase() === 'invalid_grant';
  if (known || status === 401 || invalidGrant) {
    const [reason, message] = known ?? ['other', OAUTH.refreshOther];
    return new CodexAuthError('oauth.refresh_permanent', message, { details: { reason, status, errorCode: code } });
  }
  return new CodexAuthError('oauth.refresh_transient', OAUTH.refreshTransient(statusLine(status), serverText(redactSecrets(detail.message, secrets))), {
    details: { status, errorCode: code },
  });
}

/** The permanent failure when the stored account no longer matches (spec §10.2; auth/ raises it). */
export function refreshAccountMismatchError(): CodexAuthError {
  return new CodexAuthError('oauth.refresh_permanent', OAUTH.refreshAccountMismatch, { details: { reason: 'other' } });
}
