/**
 * The id_token claims a sign-in needs (spec §5.5, §5.7): the account (workspace) id, and what the
 * success page shows. Payload decoding only, no signature check, like the reference; a token
 * that is not `header.payload.signature` with a JSON payload fails with `invalid ID token format`.
 */
import { CodexAuthError } from '../errors.js';

const AUTH_CLAIM = 'https://api.openai.com/auth';

export interface SignInClaims {
  accountId: string | null;
  needsSetup: boolean;
  orgId: string;
  projectId: string;
  planType: string;
}

function payload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length < 3 || parts.slice(0, 3).some((p) => p === '')) return null;
  try {
    const v = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function authClaims(p: Record<string, unknown> | null): Record<string, unknown> {
  const a = p?.[AUTH_CLAIM];
  return a !== null && typeof a === 'object' ? (a as Record<string, unknown>) : {};
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function signInClaims(idToken: string, accessToken: string): SignInClaims {
  const p = payload(idToken);
  if (p === null) throw new CodexAuthError('login.invalid_id_token', 'invalid ID token format');
  const auth = authClaims(p);
  const account = auth.chatgpt_account_id;
  return {
    accountId: typeof account === 'string' ? account : null,
    needsSetup: auth.is_org_owner === true && auth.completed_platform_onboarding !== true,
    orgId: str(auth.organization_id),
    projectId: str(auth.project_id),
    planType: str(authClaims(payload(accessToken)).chatgpt_plan_type),
  };
}
