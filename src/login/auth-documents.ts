/**
 * The auth.json document a ChatGPT sign-in writes, exactly as 0.169.0 writes it (observed §2.1.5):
 * auth_mode `chatgpt`, OPENAI_API_KEY (the exchanged key or null), tokens {id_token, access_token,
 * refresh_token, oauth_provenance {issuer, client_id}, login_owner_id, account_id}, and
 * last_refresh as RFC 3339 UTC with 9 fractional digits.
 */
import { randomBytes } from 'node:crypto';
import { formatLastRefresh } from '../store/last-refresh.js';
import type { AuthDotJson } from '../store/types.js';

export type RandomBytes = (size: number) => Uint8Array;

/** 43 base64url characters (32 random bytes), new for every sign-in. */
export function newLoginOwnerId(random: RandomBytes = (n) => randomBytes(n)): string {
  return Buffer.from(random(32)).toString('base64url');
}


export interface ChatgptSignIn {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** The exchanged `openai-api-key` token (browser flow), or null. */
  apiKey: string | null;
  /** `oauth_provenance.issuer`: the issuer the tokens came from, without a trailing `/`. */
  issuer: string;
  clientId: string;
  /** id_token claim `https://api.openai.com/auth`.`chatgpt_account_id`, or null. */
  accountId: string | null;
  nowMs: number;
  random?: RandomBytes;
}

export function chatgptAuthDoc(s: ChatgptSignIn): AuthDotJson {
  return {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: s.apiKey,
    tokens: {
      id_token: s.idToken,
      access_token: s.accessToken,
      refresh_token: s.refreshToken,
      oauth_provenance: { issuer: s.issuer.replace(/\/+$/, ''), client_id: s.clientId },
      login_owner_id: newLoginOwnerId(s.random),
      account_id: s.accountId,
    },
    last_refresh: formatLastRefresh(s.nowMs),
  };
}

/** What a personal access token sign-in stores (observed §2.4): no auth_mode, nothing else. */
export function personalAccessTokenDoc(token: string): AuthDotJson {
  return { OPENAI_API_KEY: null, personal_access_token: token };
}

/** What an agent-identity JWT sign-in stores (spec §2.2). */
export function agentIdentityDoc(jwt: string): AuthDotJson {
  return { auth_mode: 'agentIdentity', OPENAI_API_KEY: null, agent_identity: jwt };
}
