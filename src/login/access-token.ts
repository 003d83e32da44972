/**
 * Access-token sign-in (`codex-auth login --with-access-token`), spec §7, observed §2.4.
 * `at-…` is a personal access token: validated by whoami, then stored as
 * `{"OPENAI_API_KEY": null, "personal_access_token": "<token>"}` (no auth_mode, like 0.169.0).
 * Anything else must be an agent-identity JWT: format and claims offline, the workspace before any
 * network, then RS256 against the JWKS with `aud`, `iss`, `exp` (jose, via oauth/); stored as
 * `{"auth_mode": "agentIdentity", "OPENAI_API_KEY": null, "agent_identity": "<jwt>"}`.
 * Nothing is written when anything fails. No revoke: the new document simply replaces the old.
 */
import { CodexAuthError } from '../errors.js';
import type { Clock, Env } from '../env.js';
import type { FetchLike } from '../net/types.js';
import { decodeAgentIdentityJwt, verifyAgentIdentityJwt } from '../oauth/agent-identity.js';
import { fetchPatMetadata, type PatMetadata } from '../oauth/whoami.js';
import { agentIdentityJwksUrl, authapiBaseUrl } from '../oauth/urls.js';
import type { CredentialStore } from '../store/types.js';
import { agentIdentityDoc, personalAccessTokenDoc } from './auth-documents.js';
import type { LoginResult } from './types.js';
import { workspaceRefusal, type LoginPolicy } from '../config/policy.js';

export interface AccessTokenCheckOptions {
  env: Env;
  now: Clock;
  /** The default (lenient-CA) client's fetch: whoami and the JWKS use it. */
  fetch: FetchLike;
  /** Default Codex headers (originator, User-Agent). */
  headers: Record<string, string>;
  /** config `chatgpt_base_url` (JWKS location); default https://chatgpt.com/backend-api/. */
  chatgptBaseUrl?: string;
  policy?: LoginPolicy;
  signal?: AbortSignal;
}

export type CheckedAccessToken =
  | { kind: 'personalAccessToken'; metadata: PatMetadata }
  | { kind: 'agentIdentity'; accountId: string };

export function isPersonalAccessToken(token: string): boolean {
  return token.startsWith('at-');
}

function refuse(opts: AccessTokenCheckOptions, accountId: string | null | undefined): void {
  const refusal = workspaceRefusal(opts.policy, accountId);
  if (refusal !== undefined) throw new CodexAuthError('login.workspace_restricted', refusal);
}

/** Validates a token; throws CodexAuthError with the reference's message (after `Error logging in with access token: `). */
export async function checkAccessToken(token: string, opts: AccessTokenCheckOptions): Promise<CheckedAccessToken> {
  if (isPersonalAccessToken(token)) {
    const metadata = await fetchPatMetadata({
      fetch: opts.fetch,
      signal: opts.signal,
      authapiBaseUrl: authapiBaseUrl(opts.env),
      token,
      headers: opts.headers,
    });
    refuse(opts, metadata.chatgptAccountId);
    return { kind: 'personalAccessToken', metadata };
  }
  const claims = decodeAgentIdentityJwt(token);
  refuse(opts, claims.account_id); // before any network (spec §7.3 step 2)
  await verifyAgentIdentityJwt({
    fetch: opts.fetch,
    signal: opts.signal,
    jwt: token,
    jwksUrl: agentIdentityJwksUrl(opts.env, opts.chatgptBaseUrl),
    headers: opts.headers,
    nowSeconds: Math.floor(opts.now() / 1000),
  });
  return { kind: 'agentIdentity', accountId: claims.account_id };
}

export interface AccessTokenLoginOptions extends AccessTokenCheckOptions {
  /** The token read from stdin (trimmed). */
  token: string;
  store: CredentialStore;
}

export async function runAccessTokenLogin(opts: AccessTokenLoginOptions): Promise<LoginResult> {
  const checked = await checkAccessToken(opts.token, opts);
  const doc = checked.kind === 'personalAccessToken' ? personalAccessTokenDoc(opts.token) : agentIdentityDoc(opts.token);
  await opts.store.save(doc);
  return { doc };
}
