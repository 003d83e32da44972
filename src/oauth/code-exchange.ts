/**
 * Authorization-code exchange at the token endpoint (RFC 6749 §4.1.3–4.1.4, RFC 7636 §4.5), as the
 * official client sends it (codex-cli-observed.md §2.1.5): form body in the order grant_type,
 * client_id, code, redirect_uri, code_verifier; NO originator/User-Agent headers (raw auth client).
 * The answer must carry id_token, access_token and refresh_token (spec §5.6).
 */
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { CLIENT_ID, DEFAULT_ISSUER, TOKEN_REQUEST_TIMEOUT_MS } from './constants.js';
import { readText, send } from './send.js';
import { tokenEndpointError } from './token-endpoint-error.js';
import { tokenUrl } from './urls.js';

export interface CodeExchangeParams {
  fetch: FetchLike;
  /** Aborting ends the request (send.ts); the step rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Default https://auth.openai.com; a trailing `/` is ignored. */
  issuer?: string;
  clientId?: string;
  code: string;
  redirectUri: string;
  codeVerifier: string;
  /** Default TOKEN_REQUEST_TIMEOUT_MS, the bound a refresh has. */
  timeoutMs?: number;
}

export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

/** Form-encodes pairs in the given order (application/x-www-form-urlencoded, spaces as `+`). */
export function formBody(pairs: ReadonlyArray<readonly [string, string]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of pairs) q.append(k, v);
  return q.toString();
}

export const FORM_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * POSTs the exchange; resolves to the three tokens. Rejects with `oauth.token_endpoint` (non-2xx,
 * message `token endpoint returned status ...`), `oauth.invalid_token_response`
 * (`OAuth token response is invalid`) or `oauth.transport` (`OAuth token request failed: ...`).
 */
export async function exchangeCode(p: CodeExchangeParams): Promise<TokenSet> {
  const url = tokenUrl(p.issuer ?? DEFAULT_ISSUER);
  const body = formBody([
    ['grant_type', 'authorization_code'],
    ['client_id', p.clientId ?? CLIENT_ID],
    ['code', p.code],
    ['redirect_uri', p.redirectUri],
    ['code_verifier', p.codeVerifier],
  ]);
  let res: Response;
  try {
    res = await send({ fetch: p.fetch, signal: p.signal, url, method: 'POST', headers: { ...FORM_HEADERS }, body, timeoutMs: p.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS });
  } catch (e) {
    if (!isCodexAuthError(e, 'oauth.transport')) throw e;
    throw new CodexAuthError('oauth.transport', OAUTH.tokenRequestFailed(e.message), { cause: e.cause, details: e.details });
  }
  const text = await readText(res, p.signal);
  if (!res.ok) throw tokenEndpointError(res.status, text, [p.code, p.codeVerifier]);
  return parseTokenSet(text);
}

/** Parses a successful token response; all three tokens are required strings. */
export function parseTokenSet(text: string): TokenSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const o = (json !== null && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const { id_token: idToken, access_token: accessToken, refresh_token: refreshToken } = o;
  if (typeof idToken !== 'string' || typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
    throw new CodexAuthError('oauth.invalid_token_response', OAUTH.invalidTokenResponse);
  }
  return { idToken, accessToken, refreshToken };
}
