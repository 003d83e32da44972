/**
 * What the AuthManager reads out of stored tokens, without verifying signatures (the reference
 * decodes payloads only, codex-auth-spec.md §2, §5.7): access-token `exp`/`iat` for the refresh
 * policy, and the id_token's ChatGPT claims for getAuth() and request headers.
 */

export interface IdTokenInfo {
  email?: string;
  planType?: string;
  userId?: string;
  accountId?: string;
  fedramp: boolean;
}

/** Decoded payload of `header.payload.signature`, or undefined when it is not such a JWT. */
export function jwtPayload(token: string | undefined): Record<string, unknown> | undefined {
  if (!token) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
  try {
    const json = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as unknown;
    return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function seconds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v * 1000 : undefined;
}

/** `exp` and `iat` of an access token, in ms since epoch (undefined when not a JWT or absent). */
export function accessTokenTimes(accessToken: string | undefined): { expiresAt?: number; issuedAt?: number } {
  const p = jwtPayload(accessToken);
  if (!p) return {};
  const out: { expiresAt?: number; issuedAt?: number } = {};
  const exp = seconds(p.exp);
  const iat = seconds(p.iat);
  if (exp !== undefined) out.expiresAt = exp;
  if (iat !== undefined) out.issuedAt = iat;
  return out;
}

const AUTH_CLAIM = 'https://api.openai.com/auth';

export function idTokenInfo(idToken: string | undefined): IdTokenInfo {
  const p = jwtPayload(idToken);
  if (!p) return { fedramp: false };
  const auth = (p[AUTH_CLAIM] ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const info: IdTokenInfo = { fedramp: auth.chatgpt_account_is_fedramp === true };
  const email = str(p.email);
  const plan = str(auth.chatgpt_plan_type);
  const user = str(auth.chatgpt_user_id) ?? str(auth.user_id);
  const account = str(auth.chatgpt_account_id);
  if (email) info.email = email;
  if (plan) info.planType = plan;
  if (user) info.userId = user;
  if (account) info.accountId = account;
  return info;
}
