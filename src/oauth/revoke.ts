/**
 * Token revocation (RFC 7009 §2.1, JSON-bodied as the official client sends it; spec §9.3,
 * observed §3): `POST <revoke URL>` `{"token","token_type_hint","client_id"}` — client_id only for
 * refresh tokens — with the default Codex headers and a 10 s timeout. Best effort: callers log the
 * error and carry on.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { REVOKE_TIMEOUT_MS } from './constants.js';
import { statusLine } from './http-status.js';
import { errorMessageOf } from './refresh.js';
import { readText, send } from './send.js';
import { redactSecrets, serverText } from './token-endpoint-error.js';

export type RevokeTokenKind = 'refresh_token' | 'access_token';

export interface RevokeParams {
  fetch: FetchLike;
  /** From urls.revokeTokenUrl(). */
  url: string;
  token: string;
  kind: RevokeTokenKind;
  /** Sent only with refresh tokens (clientId.revokeClientId()). */
  clientId: string;
  /** Default Codex headers; content-type is added here. */
  headers?: Record<string, string>;
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

/** Which stored token to revoke: the refresh token when non-empty, else the access token, else none. */
export function revocableToken(tokens: { refresh_token?: string | null; access_token?: string | null } | null | undefined):
  | { token: string; kind: RevokeTokenKind }
  | undefined {
  if (tokens?.refresh_token) return { token: tokens.refresh_token, kind: 'refresh_token' };
  if (tokens?.access_token) return { token: tokens.access_token, kind: 'access_token' };
  return undefined;
}

/** The JSON body, keys in the reference's order. */
export function revokeBody(token: string, kind: RevokeTokenKind, clientId: string): string {
  return JSON.stringify(kind === 'refresh_token' ? { token, token_type_hint: kind, client_id: clientId } : { token, token_type_hint: kind });
}

/** Resolves on 2xx; rejects with `oauth.revoke_failed` (`failed to revoke <kind>: <status>: <message>`) or `oauth.transport`. */
export async function revokeToken(p: RevokeParams): Promise<void> {
  const res = await send({
    fetch: p.fetch,
    url: p.url,
    method: 'POST',
    headers: { ...p.headers, 'content-type': 'application/json' },
    body: revokeBody(p.token, p.kind, p.clientId),
    timeoutMs: p.timeoutMs ?? REVOKE_TIMEOUT_MS,
  });
  const text = await readText(res);
  if (res.ok) return;
  throw new CodexAuthError('oauth.revoke_failed', OAUTH.revokeFailed(p.kind, statusLine(res.status), serverText(redactSecrets(errorMessageOf(text), [p.token]))), {
    details: { status: res.status },
  });
}
