/**
 * What getAuth() hands out (AuthInfo) and how resolved credentials turn into it: the bearer token,
 * the account, and the claims of the stored tokens (unverified, spec §2). A pure function, shared
 * by the AuthManager and the CLI's quick path (src/cli/quick.ts).
 */
import type { AuthDotJson, AuthMode } from '../store/types.js';
import { accountOf, bearerToken } from './headers.js';
import type { AuthSource, ResolvedAuth } from './load.js';
import { parseLastRefresh } from './refresh-policy.js';
import { accessTokenTimes, idTokenInfo } from './token-claims.js';

/** What getAuth() returns: enough to make a request, never more secrets than the token itself. */
export interface AuthInfo {
  mode: AuthMode;
  /** Where the credentials came from: `CODEX_API_KEY`/`CODEX_ACCESS_TOKEN`, the ephemeral store, or the configured store. */
  source: AuthSource;
  /** The bearer token (API key, ChatGPT access token, personal access token); undefined for Agent Identity. */
  token?: string;
  accountId?: string;
  planType?: string;
  email?: string;
  userId?: string;
  fedramp: boolean;
  /** Access-token expiry, when the token is a JWT with `exp`. */
  expiresAt?: Date;
  lastRefresh?: Date;
  /** Workload identity: `file` or `spiffe` (source is `workload`). */
  workloadSource?: string;
}

export function describe(auth: ResolvedAuth): AuthInfo {
  const info: AuthInfo = { mode: auth.mode, source: auth.source, fedramp: false };
  const token = bearerToken(auth);
  if (token) info.token = token;
  const { accountId, fedramp } = accountOf(auth);
  if (accountId) info.accountId = accountId;
  info.fedramp = fedramp;
  if (auth.pat) {
    if (auth.pat.meta.planType) info.planType = auth.pat.meta.planType;
    if (auth.pat.meta.email) info.email = auth.pat.meta.email;
    if (auth.pat.meta.userId) info.userId = auth.pat.meta.userId;
  } else if (auth.agent) {
    if (auth.agent.planType) info.planType = auth.agent.planType;
    if (auth.agent.email) info.email = auth.agent.email;
    if (auth.agent.userId) info.userId = auth.agent.userId;
  } else if (auth.workload) {
    if (auth.workload.planType) info.planType = auth.workload.planType;
    info.userId = auth.workload.userId;
    info.expiresAt = new Date(auth.workload.expiresAt);
    info.workloadSource = auth.workload.source;
  } else if (auth.doc?.tokens) {
    const id = idTokenInfo(auth.doc.tokens.id_token);
    if (id.planType) info.planType = id.planType;
    if (id.email) info.email = id.email;
    if (id.userId) info.userId = id.userId;
    const exp = accessTokenTimes(auth.doc.tokens.access_token).expiresAt;
    if (exp !== undefined) info.expiresAt = new Date(exp);
    const lr = parseLastRefresh(auth.doc.last_refresh);
    if (lr !== undefined) info.lastRefresh = new Date(lr);
  }
  return info;
}

/** Managed ChatGPT auth (tokens from the configured store): the only credentials the manager refreshes. */
export function isManaged(auth: ResolvedAuth): auth is ResolvedAuth & { doc: AuthDotJson } {
  return auth.mode === 'chatgpt' && auth.source === 'store' && !!auth.doc?.tokens;
}
