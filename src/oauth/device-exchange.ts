/**
 * Device code → tokens (spec §6.2, observed §2.2): the authorization-code exchange of
 * code-exchange.ts (RFC 6749 §4.1.3) with `redirect_uri = <issuer>/deviceauth/callback` and the
 * server-provided code_verifier. Failures keep their code and read `device code exchange failed: ...`.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { exchangeCode, type TokenSet } from './code-exchange.js';
import { DEFAULT_ISSUER } from './constants.js';
import { deviceRedirectUri } from './urls.js';

export interface DeviceExchangeParams {
  fetch: FetchLike;
  /** Aborting ends the request (send.ts); the step rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  issuer?: string;
  clientId?: string;
  authorizationCode: string;
  codeVerifier: string;
}

export async function exchangeDeviceCode(p: DeviceExchangeParams): Promise<TokenSet> {
  const issuer = p.issuer ?? DEFAULT_ISSUER;
  try {
    return await exchangeCode({
      fetch: p.fetch,
      signal: p.signal,
      issuer,
      ...(p.clientId === undefined ? {} : { clientId: p.clientId }),
      code: p.authorizationCode,
      redirectUri: deviceRedirectUri(issuer),
      codeVerifier: p.codeVerifier,
    });
  } catch (e) {
    if (!(e instanceof CodexAuthError)) throw e;
    throw new CodexAuthError(e.code, OAUTH.deviceExchangeFailed(e.message), { cause: e, details: { ...e.details } });
  }
}
