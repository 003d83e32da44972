/**
 * The fleet's access record as the auth.json document local consumers read (the AuthManager, the
 * CLI's quick path, `fleet exec`'s child): the real access and id tokens, and a placeholder in
 * place of the refresh token (records.ts), which only the fleet understands.
 */
import type { AuthDotJson } from '../store/types.js';
import { placeholderRefreshToken, type AccessRecord } from './records.js';

export function docOf(rec: AccessRecord, refreshToken = placeholderRefreshToken(rec.gen)): AuthDotJson {
  return {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: rec.idToken, access_token: rec.accessToken, refresh_token: refreshToken, account_id: rec.accountId },
    last_refresh: rec.lastRefresh,
  };
}
