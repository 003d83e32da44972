/**
 * Agent Identity JWTs (spec §7.3 steps 1–3, observed §2.4).
 * Step 1, offline: exactly three non-empty parts, base64url JSON payload with the required claims.
 * Step 2 (workspace restriction against `account_id`) is the caller's, before any network call.
 * Step 3, online: fetch the JWKS (default Codex headers, 10 s) and verify RS256 (RFC 7515 §5.2)
 * with the header `kid` present in the set, `aud`, `iss` and `exp` (RFC 7519 §4.1) — via jose,
 * loaded lazily.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import { serverText } from '../net/redact.js';
import type { FetchLike } from '../net/types.js';
import { AGENT_IDENTITY_AUDIENCE, AGENT_IDENTITY_ISSUER, JWKS_TIMEOUT_MS } from './constants.js';
import { serdeDataErrorPosition, serdeSyntaxError } from '../serde/text-errors.js';
import { decodeBase64UrlNoPad } from './jwt.js';
import { send } from './send.js';

export interface AgentIdentityClaims {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  agent_runtime_id: string;
  agent_private_key: string;
  account_id: string;
  chatgpt_user_id: string;
  email?: string;
  plan_type: string;
  chatgpt_account_is_fedramp: boolean;
}

// Plain literals (no top-level computation), so a bundle that never decodes an agent identity
// drops this module (scripts/bundle.mjs, the CLI's quick path).
const STRING_CLAIMS: readonly string[] = ['iss', 'aud', 'agent_runtime_id', 'agent_private_key', 'account_id', 'chatgpt_user_id', 'plan_type'];
const NUMBER_CLAIMS: readonly string[] = ['iat', 'exp'];
const REQUIRED_CLAIMS: readonly string[] = [
  'iss', 'aud', 'agent_runtime_id', 'agent_private_key', 'account_id', 'chatgpt_user_id', 'plan_type', 'iat', 'exp', 'chatgpt_account_is_fedramp',
];

/** The claim types the reference's struct accepts (unknown claims are ignored). */
function claimTypeOk(key: string, v: unknown): boolean {
  if (STRING_CLAIMS.includes(key)) return typeof v === 'string';
  if (NUMBER_CLAIMS.includes(key)) return Number.isSafeInteger(v) && (v as number) >= 0;
  if (key === 'chatgpt_account_is_fedramp') return typeof v === 'boolean';
  if (key === 'email') return v === null || typeof v === 'string';
  return true;
}

function formatError(inner: string): CodexAuthError {
  return new CodexAuthError('oauth.agent_identity_format', OAUTH.agentIdentityDecode(inner));
}

/**
 * Step 1: the claims, unverified. Rejects with `oauth.agent_identity_format`:
 * `failed to decode agent identity JWT: invalid agent identity JWT format`, `... payload is not
 * valid base64url: <why>`, `... payload is not valid JSON: <serde text>`, or for a missing or
 * mistyped claim `... invalid credential JSON (Data at line L column C)` (texts of the 0.169.0 binary).
 */
export function decodeAgentIdentityJwt(jwt: string): AgentIdentityClaims {
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) throw formatError(OAUTH.agentIdentityFormat);
  let bytes: Buffer;
  try {
    bytes = decodeBase64UrlNoPad(parts[1]!);
  } catch (e) {
    throw formatError(`${OAUTH.agentIdentityBase64}: ${(e as Error).message}`);
  }
  const text = bytes.toString('utf8');
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw formatError(`${OAUTH.agentIdentityJson}: ${serdeSyntaxError(text)}`);
  }
  const at = serdeDataErrorPosition(text, claimTypeOk, REQUIRED_CLAIMS);
  if (at !== undefined) throw formatError(OAUTH.invalidCredentialJson(at));
  const claims = { ...o } as unknown as AgentIdentityClaims;
  if (o['email'] === null) delete claims.email;
  return claims;
}

export interface VerifyAgentIdentityParams {
  fetch: FetchLike;
  /** Aborting ends the request (send.ts); the step rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  jwt: string;
  /** From urls.agentIdentityJwksUrl(). */
  jwksUrl: string;
  /** Default Codex headers. */
  headers?: Record<string, string>;
  /** Seconds since the epoch used for `exp` (injected clock). */
  nowSeconds: number;
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

/**
 * Steps 1 and 3. Rejects with `oauth.agent_identity_format`, `oauth.agent_identity_jwks`
 * (request, status or decode of the key set), `oauth.agent_identity_kid` (no kid / kid not in the
 * set) or `oauth.agent_identity_verify` (signature, algorithm, aud, iss, exp).
 */
export async function verifyAgentIdentityJwt(p: VerifyAgentIdentityParams): Promise<AgentIdentityClaims> {
  const claims = decodeAgentIdentityJwt(p.jwt);
  const jwks = await fetchJwks(p);
  const jose = await import('jose');
  let kid: string | undefined;
  try {
    kid = jose.decodeProtectedHeader(p.jwt).kid;
  } catch (cause) {
    throw new CodexAuthError('oauth.agent_identity_verify', OAUTH.agentIdentityHeader, { cause });
  }
  if (kid === undefined) throw new CodexAuthError('oauth.agent_identity_kid', OAUTH.agentIdentityNoKid);
  if (!jwks.keys.some((k) => k.kid === kid)) {
    throw new CodexAuthError('oauth.agent_identity_kid', OAUTH.agentIdentityUntrustedKid(serverText(kid)), { details: { kid } });
  }
  try {
    await jose.jwtVerify(p.jwt, jose.createLocalJWKSet(jwks), {
      algorithms: ['RS256'],
      audience: AGENT_IDENTITY_AUDIENCE,
      issuer: AGENT_IDENTITY_ISSUER,
      requiredClaims: ['exp', 'iss', 'aud'],
      currentDate: new Date(p.nowSeconds * 1000),
    });
  } catch (cause) {
    const joseCode = (cause as { code?: unknown }).code;
    throw new CodexAuthError('oauth.agent_identity_verify', OAUTH.agentIdentityVerify, {
      cause,
      details: { reason: typeof joseCode === 'string' ? joseCode : 'unknown' },
    });
  }
  return claims;
}

async function fetchJwks(p: VerifyAgentIdentityParams): Promise<{ keys: Array<Record<string, unknown> & { kid?: string }> }> {
  let res: Response;
  try {
    res = await send({ fetch: p.fetch, signal: p.signal, url: p.jwksUrl, method: 'GET', headers: { ...p.headers }, timeoutMs: p.timeoutMs ?? JWKS_TIMEOUT_MS });
  } catch (e) {
    p.signal?.throwIfAborted();
    throw new CodexAuthError('oauth.agent_identity_jwks', OAUTH.agentIdentityJwksRequest, { cause: e });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new CodexAuthError('oauth.agent_identity_jwks', OAUTH.agentIdentityJwksStatus, { details: { status: res.status } });
  }
  try {
    const v = (await res.json()) as { keys?: unknown };
    if (!Array.isArray(v.keys) || !v.keys.every((k) => k !== null && typeof k === 'object')) throw new Error('no keys');
    return v as { keys: Array<Record<string, unknown> & { kid?: string }> };
  } catch (cause) {
    p.signal?.throwIfAborted();
    throw new CodexAuthError('oauth.agent_identity_jwks', OAUTH.agentIdentityJwksDecode, { cause });
  }
}
