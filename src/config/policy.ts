// The login policy (spec §11): which login methods are allowed, which ChatGPT workspaces, and the
// refusal messages the CLI prints. One shape, LoginPolicy, read from config.toml by policyOf() or
// given by a library host; pure functions of it, used by the CLI, the sign-in flows and the
// AuthManager alike.
import type { AuthMode } from '../store/types.js';
import { POLICY } from '../messages/config.js';
import type { AuthConfig, LoginMethod } from './types.js';

export type { LoginMethod };

export interface LoginPolicy {
  /** `forced_login_method`. */
  forcedLoginMethod?: LoginMethod;
  /**
   * Allowed ChatGPT workspaces (`forced_chatgpt_workspace_id`); undefined or empty = unrestricted.
   * Entries are trimmed and blank ones ignored, as in config.toml.
   */
  allowedWorkspaces?: readonly string[];
}

/** The policy config.toml sets (forced method, effective workspaces). */
export function policyOf(config: Pick<AuthConfig, 'forcedLoginMethod' | 'forcedWorkspaceIds'>): LoginPolicy {
  const workspaces = effectiveWorkspaceIds({ allowedWorkspaces: config.forcedWorkspaceIds });
  return {
    ...(config.forcedLoginMethod ? { forcedLoginMethod: config.forcedLoginMethod } : {}),
    ...(workspaces ? { allowedWorkspaces: workspaces } : {}),
  };
}

/** Is this login method allowed (`forced_login_method` unset or equal)? */
export function isLoginMethodAllowed(policy: LoginPolicy | undefined, method: LoginMethod): boolean {
  return policy?.forcedLoginMethod === undefined || policy.forcedLoginMethod === method;
}

/** The login method a stored auth mode counts as: ChatGPT-style modes are `chatgpt`, API keys `api`. */
export function loginMethodOfMode(mode: AuthMode | 'headers'): LoginMethod {
  return mode === 'apikey' || mode === 'bedrockApiKey' ? 'api' : 'chatgpt';
}

/** The workspaces a ChatGPT login may end in; undefined = unrestricted. */
export function effectiveWorkspaceIds(policy: LoginPolicy | undefined): readonly string[] | undefined {
  const ids = policy?.allowedWorkspaces?.map((s) => s.trim()).filter((s) => s !== '');
  return ids && ids.length > 0 ? ids : undefined;
}

/** `allowed_workspace_id` for the authorize URL: the effective list comma-joined, or undefined. */
export function allowedWorkspaceParam(policy: LoginPolicy | undefined): string | undefined {
  return effectiveWorkspaceIds(policy)?.join(',');
}

export type LoginKind = 'browser' | 'device' | 'apiKey' | 'accessToken';

/** The refusal message for a login the policy forbids, or undefined when it is allowed. */
export function loginRefusal(policy: LoginPolicy | undefined, kind: LoginKind): string | undefined {
  if (kind === 'apiKey') return isLoginMethodAllowed(policy, 'api') ? undefined : POLICY.apiKeyLoginDisabled;
  if (isLoginMethodAllowed(policy, 'chatgpt')) return undefined;
  return kind === 'accessToken' ? POLICY.accessTokenLoginDisabled : POLICY.chatgptLoginDisabled;
}

/**
 * Login-time workspace check (spec §11.3) of the account id a login produced (id_token claim
 * `chatgpt_account_id`, whoami `chatgpt_account_id`, agent JWT `account_id`). Returns the
 * message to fail with, or undefined when the account is allowed (or nothing is restricted).
 */
export function workspaceRefusal(policy: LoginPolicy | undefined, accountId: string | null | undefined): string | undefined {
  const allowed = effectiveWorkspaceIds(policy);
  if (!allowed) return undefined;
  if (accountId === undefined || accountId === null || accountId === '') return POLICY.workspaceClaimMissing;
  return allowed.includes(accountId) ? undefined : POLICY.workspaceMismatch(allowed);
}

/**
 * Would a stored credential of this mode/account be used under the policy? `login status` and the
 * AuthManager treat a restricted credential as absent (spec §4.1, §9.1), without deleting it. The
 * workspace rule is not applied to API keys; `accountId` undefined means "not known yet" (passes),
 * null means "none" (refused when workspaces are restricted).
 */
export function isStoredAuthAllowed(policy: LoginPolicy | undefined, mode: AuthMode, accountId?: string | null): boolean {
  const method = loginMethodOfMode(mode);
  if (!isLoginMethodAllowed(policy, method)) return false;
  if (method === 'api') return true;
  const allowed = effectiveWorkspaceIds(policy);
  if (!allowed || accountId === undefined) return true;
  return accountId !== null && allowed.includes(accountId);
}
