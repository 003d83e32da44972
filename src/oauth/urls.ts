/**
 * Endpoint URLs and their environment overrides (codex-auth-spec.md §4, §6.2, §7.2–7.3;
 * codex-cli-observed.md §1.4, §3, §4). Pure functions of their inputs; env is injected.
 */
import { envValue, type Env } from '../env.js';
import { DEFAULT_AUTHAPI_BASE_URL, DEFAULT_REFRESH_URL, DEFAULT_REVOKE_URL } from './constants.js';

/** The issuer with trailing `/` removed (device flow, token endpoint, provenance). */
export function trimIssuer(issuer: string): string {
  return issuer.replace(/\/+$/, '');
}

/** `<issuer>/oauth/token` (RFC 6749 §3.2). */
export function tokenUrl(issuer: string): string {
  return `${trimIssuer(issuer)}/oauth/token`;
}

/** Device flow endpoints (spec §6.2). */
export function deviceUserCodeUrl(issuer: string): string {
  return `${trimIssuer(issuer)}/api/accounts/deviceauth/usercode`;
}
export function deviceTokenUrl(issuer: string): string {
  return `${trimIssuer(issuer)}/api/accounts/deviceauth/token`;
}
/** The page the user opens to enter the code. */
export function deviceVerificationUrl(issuer: string): string {
  return `${trimIssuer(issuer)}/codex/device`;
}
/** The redirect_uri of the device code exchange. */
export function deviceRedirectUri(issuer: string): string {
  return `${trimIssuer(issuer)}/deviceauth/callback`;
}

/**
 * Refresh endpoint (observed §4): CODEX_REFRESH_TOKEN_URL_OVERRIDE verbatim when set, else
 * `<provenance issuer>/oauth/token`, else https://auth.openai.com/oauth/token.
 */
export function refreshTokenUrl(env: Env, provenanceIssuer?: string | null): string {
  const override = env['CODEX_REFRESH_TOKEN_URL_OVERRIDE'];
  if (override !== undefined) return override;
  if (provenanceIssuer) return tokenUrl(provenanceIssuer);
  return DEFAULT_REFRESH_URL;
}

/**
 * Whether a refresh at `refreshUrl` keeps `oauth_provenance` (observed §4): only when it is exactly
 * `<provenance issuer>/oauth/token` (an override elsewhere — even localhost vs 127.0.0.1 — drops it).
 */
export function refreshKeepsProvenance(refreshUrl: string, provenanceIssuer: string): boolean {
  return refreshUrl === tokenUrl(provenanceIssuer);
}

/**
 * Revoke endpoint (observed §3, spec §4): CODEX_REVOKE_TOKEN_URL_OVERRIDE verbatim when set; else,
 * when CODEX_REFRESH_TOKEN_URL_OVERRIDE is a URL, that URL with path `/oauth/revoke` and no query;
 * else https://auth.openai.com/oauth/revoke. It never follows the provenance issuer.
 */
export function revokeTokenUrl(env: Env): string {
  const override = env['CODEX_REVOKE_TOKEN_URL_OVERRIDE'];
  if (override !== undefined) return override;
  const refresh = env['CODEX_REFRESH_TOKEN_URL_OVERRIDE'];
  if (refresh !== undefined) {
    const derived = deriveRevokeUrl(refresh);
    if (derived) return derived;
  }
  return DEFAULT_REVOKE_URL;
}

/** `http://h:1/oauth/token?x=1` → `http://h:1/oauth/revoke`; undefined when not a URL. */
export function deriveRevokeUrl(refreshUrl: string): string | undefined {
  let u: URL;
  try {
    u = new URL(refreshUrl);
  } catch {
    return undefined;
  }
  u.pathname = '/oauth/revoke';
  u.search = '';
  return u.href;
}

/** Whoami base (spec §7.2): CODEX_AUTHAPI_BASE_URL trimmed, trailing `/` removed; blank → default. */
export function authapiBaseUrl(env: Env): string {
  const v = (env['CODEX_AUTHAPI_BASE_URL'] ?? '').trim().replace(/\/+$/, '');
  return v === '' ? DEFAULT_AUTHAPI_BASE_URL : v;
}

/** `<authapi>/v1/user-auth-credential/whoami`. */
export function whoamiUrl(authapiBase: string): string {
  return `${authapiBase.replace(/\/+$/, '')}/v1/user-auth-credential/whoami`;
}

/** Default ChatGPT backend base (config `chatgpt_base_url`). */
export const DEFAULT_CHATGPT_BASE_URL = 'https://chatgpt.com/backend-api/';

/**
 * Agent identity JWKS URL (spec §7.3): base = CODEX_AGENT_IDENTITY_JWKS_BASE_URL or the ChatGPT
 * base URL, trailing `/` trimmed; `<base>/wham/agent-identities/jwks` when it contains
 * `/backend-api`, else `<base>/agent-identities/jwks`.
 */
export function agentIdentityJwksUrl(env: Env, chatgptBaseUrl: string = DEFAULT_CHATGPT_BASE_URL): string {
  const base = (envValue(env, 'CODEX_AGENT_IDENTITY_JWKS_BASE_URL') ?? chatgptBaseUrl).trim().replace(/\/+$/, '');
  return base.includes('/backend-api') ? `${base}/wham/agent-identities/jwks` : `${base}/agent-identities/jwks`;
}
