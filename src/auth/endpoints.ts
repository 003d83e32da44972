/**
 * Where refresh and revoke go, and with which client id (oauth/urls.ts, oauth/client-id.ts):
 * refresh → CODEX_REFRESH_TOKEN_URL_OVERRIDE, else `<oauth_provenance.issuer>/oauth/token`, else
 * https://auth.openai.com/oauth/token; revoke → CODEX_REVOKE_TOKEN_URL_OVERRIDE, else derived from
 * the refresh override, else https://auth.openai.com/oauth/revoke (never the provenance issuer).
 */
import type { Env } from '../env.js';
import { refreshClientId, revokeClientId } from '../oauth/client-id.js';
import { refreshTokenUrl, revokeTokenUrl } from '../oauth/urls.js';
import type { AuthDotJson } from '../store/types.js';
import type { RefreshEndpoint } from './refresh-coordinator.js';

export function refreshEndpointFor(env: Env): (doc: AuthDotJson) => RefreshEndpoint {
  return (doc) => {
    const prov = doc.tokens?.oauth_provenance;
    return { url: refreshTokenUrl(env, prov?.issuer), clientId: refreshClientId(env, prov?.client_id) };
  };
}

export function revokeEndpointFor(env: Env): { url: string; clientId: string } {
  return { url: revokeTokenUrl(env), clientId: revokeClientId(env) };
}
