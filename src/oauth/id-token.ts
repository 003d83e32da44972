/**
 * The ChatGPT claims of an id_token (OpenID Connect Core §2 ID Token + OpenAI's
 * `https://api.openai.com/auth` / `.../profile` claims; spec §5.7, observed §2.1.4). Unverified.
 */
import { decodeJwtPayload } from './jwt.js';

export const AUTH_CLAIM = 'https://api.openai.com/auth';
export const PROFILE_CLAIM = 'https://api.openai.com/profile';

export interface IdTokenInfo {
  email: string | undefined;
  /** Raw `chatgpt_plan_type` (unknown values kept). */
  planType: string | undefined;
  /** `chatgpt_user_id`, else `user_id`. */
  userId: string | undefined;
  /** `chatgpt_account_id` — becomes tokens.account_id. */
  accountId: string | undefined;
  fedramp: boolean;
  /** `organization_id` / `project_id` (the success redirect sends '' when absent). */
  orgId: string | undefined;
  projectId: string | undefined;
  /** `is_org_owner && !completed_platform_onboarding` (missing ⇒ false). */
  needsSetup: boolean;
  /** Standard `exp`, seconds since the epoch. */
  exp: number | undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Throws `oauth.invalid_id_token` when `jwt` is not a decodable JWT. */
export function parseIdToken(jwt: string): IdTokenInfo {
  return idTokenClaims(decodeJwtPayload(jwt));
}

/** The ChatGPT claims of a decoded id_token payload. */
export function idTokenClaims(claims: Record<string, unknown>): IdTokenInfo {
  const auth = obj(claims[AUTH_CLAIM]);
  const profile = obj(claims[PROFILE_CLAIM]);
  const exp = claims['exp'];
  return {
    email: str(claims['email']) ?? str(profile['email']),
    planType: str(auth['chatgpt_plan_type']),
    userId: str(auth['chatgpt_user_id']) ?? str(auth['user_id']),
    accountId: str(auth['chatgpt_account_id']),
    fedramp: auth['chatgpt_account_is_fedramp'] === true,
    orgId: str(auth['organization_id']),
    projectId: str(auth['project_id']),
    needsSetup: auth['is_org_owner'] === true && auth['completed_platform_onboarding'] !== true,
    exp: typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined,
  };
}
