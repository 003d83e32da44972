/**
 * Where refresh goes, and with which client id (oauth/urls.ts, oauth/client-id.ts):
 * CODEX_REFRESH_TOKEN_URL_OVERRIDE, else `<oauth_provenance.issuer>/oauth/token`, else
 * https://auth.openai.com/oauth/token. (Revoke: revoke.ts.)
 */
import type { Env } from '../env.js';
import { refreshClientId } from '../oauth/client-id.js';
import { refreshTokenUrl } from '../oauth/urls.js';
import type { AuthDotJson } from '../store/types.js';
import type { RefreshEndpoint } from './refresh-coordinator.js';

export function refreshEndpointFor(env: Env): (doc: AuthDotJson) => RefreshEndpoint {
  return (doc) => {
    const prov = doc.tokens?.oauth_provenance;
    return { url: refreshTokenUrl(env, prov?.issuer), clientId: refreshClientId(env, prov?.client_id) };
  };
}
