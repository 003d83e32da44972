/**
 * The oauth/ protocol steps bound to a fetch and an environment, in the shapes the AuthManager
 * and the CLI use: refresh (spec §10.3), revoke (§9.3) and the personal-access-token whoami (§7.2),
 * each with the default Codex headers (originator, User-Agent).
 */
import type { Env } from '../env.js';
import type { FetchLike } from '../net/types.js';
import { defaultHeaders } from '../oauth/headers.js';
import { refreshTokens } from '../oauth/refresh.js';
import { revokeToken } from '../oauth/revoke.js';
import { verifyAgentIdentityJwt } from '../oauth/agent-identity.js';
import { agentIdentityJwksUrl, authapiBaseUrl } from '../oauth/urls.js';
import { fetchPatMetadata } from '../oauth/whoami.js';
import type { PatMetadata } from './load.js';
import type { RevokeFn } from './revoke.js';
import type { RefreshTokensFn } from './refresh-types.js';

export function oauthRefresh(fetch: FetchLike, env: Env): RefreshTokensFn {
  return (c) =>
    refreshTokens({
      fetch,
      signal: c.signal,
      url: c.url,
      clientId: c.clientId,
      refreshToken: c.refreshToken,
      refreshReason: c.reason,
      headers: defaultHeaders({ env }),
    });
}

/**
 * oauth/revoke.ts does not take `signal` yet (the revoke policy is issue 10's, on another branch):
 * until it does, the signal rides on its fetch. Every other step takes `signal` itself.
 */
function revokeFetch(fetch: FetchLike, signal: AbortSignal): FetchLike {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

export function oauthRevoke(fetch: FetchLike, env: Env): RevokeFn {
  return (c) =>
    revokeToken({
      fetch: revokeFetch(fetch, c.signal),
      url: c.url,
      token: c.token,
      kind: c.tokenTypeHint,
      clientId: c.clientId ?? '',
      headers: defaultHeaders({ env }),
    });
}

export function oauthWhoami(fetch: FetchLike, env: Env): (token: string) => Promise<PatMetadata> {
  return async (token) => {
    const m = await fetchPatMetadata({ fetch, authapiBaseUrl: authapiBaseUrl(env), token, headers: defaultHeaders({ env }) });
    return {
      accountId: m.chatgptAccountId,
      userId: m.chatgptUserId,
      planType: m.chatgptPlanType,
      fedramp: m.chatgptAccountIsFedramp,
      ...(m.email ? { email: m.email } : {}),
    };
  };
}

/** Agent Identity JWT verification against the JWKS (spec §7.3 step 3), at the injected time. */
export function oauthVerifyAgentJwt(fetch: FetchLike, env: Env, now: () => number, chatgptBaseUrl?: string): (jwt: string) => Promise<void> {
  return async (jwt) => {
    await verifyAgentIdentityJwt({
      fetch,
      jwt,
      jwksUrl: agentIdentityJwksUrl(env, chatgptBaseUrl),
      headers: defaultHeaders({ env }),
      nowSeconds: Math.floor(now() / 1000),
    });
  };
}
