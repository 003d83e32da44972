/**
 * API-key token exchange (RFC 8693 §2.1), browser flow only (spec §5.8): trades the id_token for an
 * OpenAI API key. Body in the observed order (codex-cli-observed.md §2.1.5): grant_type, client_id,
 * requested_token, subject_token, subject_token_type; no Codex headers. Callers ignore a failure
 * (the login still succeeds with `OPENAI_API_KEY: null`).
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { FORM_HEADERS, formBody } from './code-exchange.js';
import { CLIENT_ID, DEFAULT_ISSUER } from './constants.js';
import { statusLine } from './http-status.js';
import { readText, send } from './send.js';
import { tokenUrl } from './urls.js';

export interface ApiKeyExchangeParams {
  fetch: FetchLike;
  /** Aborting ends the request (send.ts); the step rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  issuer?: string;
  clientId?: string;
  idToken: string;
}

/** Resolves to the API key; rejects with `oauth.api_key_exchange`, `oauth.invalid_token_response` or `oauth.transport`. */
export async function exchangeApiKey(p: ApiKeyExchangeParams): Promise<string> {
  const body = formBody([
    ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    ['client_id', p.clientId ?? CLIENT_ID],
    ['requested_token', 'openai-api-key'],
    ['subject_token', p.idToken],
    ['subject_token_type', 'urn:ietf:params:oauth:token-type:id_token'],
  ]);
  const res = await send({ fetch: p.fetch, signal: p.signal, url: tokenUrl(p.issuer ?? DEFAULT_ISSUER), method: 'POST', headers: { ...FORM_HEADERS }, body });
  const text = await readText(res, p.signal);
  if (!res.ok) {
    throw new CodexAuthError('oauth.api_key_exchange', OAUTH.apiKeyExchangeFailed(statusLine(res.status)), {
      details: { status: res.status },
    });
  }
  let key: unknown;
  try {
    key = (JSON.parse(text) as Record<string, unknown> | null)?.['access_token'];
  } catch {
    key = undefined;
  }
  if (typeof key !== 'string') throw new CodexAuthError('oauth.invalid_token_response', OAUTH.invalidTokenResponse);
  return key;
}
