// The login policy of config.toml (spec §11): which login methods are allowed, which ChatGPT
// workspaces, and the refusal messages the CLI prints. Pure functions of an AuthConfig.
import type { AuthMode } from '../store/types.js';
import { POLICY } from '../messages/config.js';
import type { AuthConfig, LoginMethod } from './types.js';

type PolicyConfig = Pick<AuthConfig, 'forcedLoginMethod' | 'forcedWorkspaceIds'>;

/** Is this login method allowed (`forced_login_method` unset or equal)? */
export function isLoginMethodAllowed(config: PolicyConfig, method: LoginMethod): boolean {
  return config.forcedLoginMethod === undefined || config.forcedLoginMethod === method;
}

/** The login method a stored auth mode counts as: ChatGPT-style modes are `chatgpt`, API keys `api`. */
export function loginMethodOfMode(mode: AuthMode | 'headers'): LoginMethod {
  return mode === 'apikey' || mode === 'bedrockApiKey' ? 'api' : 'chatgpt';
}

/** The workspaces a ChatGPT login may end in; undefined = unrestricted. */
export function effectiveWorkspaceIds(config: PolicyConfig): readonly string[] | undefined {
  const ids = config.forcedWorkspaceIds?.map((s) => s.trim()).filter((s) => s !== '');
  return ids && ids.length > 0 ? ids : undefined;
}

/** `allowed_workspace_id` for the authorize URL: the effective list comma-joined, or undefined. */
export function allowedWorkspaceParam(config: PolicyConfig): string | undefined {
  return effectiveWorkspaceIds(config)?.join(',');
}

export type LoginKind = 'browser' | 'device' | 'apiKey' | 'accessToken';

/** The refusal message for a login the policy forbids, or undefined when it is allowed. */
export function loginRefusal(config: PolicyConfig, kind: LoginKind): string | undefined {
  if (kind === 'apiKey') return isLoginMethodAllowed(config, 'api') ? undefined : POLICY.apiKeyLoginDisabled;
  if (isLoginMethodAllowed(config, 'chatgpt')) return undefined;
  return kind === 'accessToken' ? POLICY.accessTokenLoginDisabled : POLICY.chatgptLoginDisabled;
}

/**
 * Login-time workspace check (spec §11.3) of the account id a login produced (id_token claim
 * `chatgpt_account_id`, whoami `chatgpt_account_id`, agent JWT `account_id`). Returns the
 * message to fail with, or undefined when the account is allowed (or nothing is restricted).
 */
export function workspaceRefusal(config: PolicyConfig, accountId: string | null | undefined): string | undefined {
  const allowed = effectiveWorkspaceIds(config);
  if (!allowed) return undefined;
  if (accountId === undefined || accountId === null || accountId === '') return POLICY.workspaceClaimMissing;
  return allowed.includes(accountId) ? undefined : POLICY.workspaceMismatch(allowed);
}

/**
 * Would a stored credential of this mode/account be used under the policy? `login status` and the
 * AuthManager treat a restricted credential as absent (spec §4.1, §9.1). The workspace rule is
 * not applied to API keys.
 */
export function isStoredAuthAllowed(config: PolicyConfig, mode: AuthMode, accountId?: string | null): boolean {
  const method = loginMethodOfMode(mode);
  if (!isLoginMethodAllowed(config, method)) return false;
  if (method === 'api') return true;
  const allowed = effectiveWorkspaceIds(config);
  if (!allowed || accountId === undefined) return true;
  return accountId !== null && allowed.includes(accountId);
}
