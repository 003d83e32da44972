/**
 * Login policy filtering (codex-auth-spec.md §11.1, §11.4 last paragraph): the AuthManager treats
 * credentials that the policy forbids as "not logged in", without deleting them.
 */
import { effectiveWorkspaceIds, isLoginMethodAllowed, isStoredAuthAllowed, loginMethodOfMode } from '../config/policy.js';
import type { AuthConfig } from '../config/types.js';
import type { AuthMode } from '../store/types.js';

export interface LoginPolicy {
  /** `forced_login_method` (combined with any managed allow-list by the caller). */
  forcedLoginMethod?: 'chatgpt' | 'api';
  /** Allowed ChatGPT workspaces; undefined or empty = unrestricted. Entries are trimmed and blank ones ignored, as in config.toml. */
  allowedWorkspaces?: readonly string[];
}

export type LoginMethod = 'chatgpt' | 'api';

/** The policy as config/policy.ts reads it: the one implementation of the rules, for both shapes. */
function asConfig(policy: LoginPolicy | undefined): Pick<AuthConfig, 'forcedLoginMethod' | 'forcedWorkspaceIds'> {
  return {
    ...(policy?.forcedLoginMethod ? { forcedLoginMethod: policy.forcedLoginMethod } : {}),
    ...(policy?.allowedWorkspaces ? { forcedWorkspaceIds: [...policy.allowedWorkspaces] } : {}),
  };
}

/** ChatGPT-style modes count as "chatgpt"; API key and Bedrock as "api" (spec §11.1). */
export const methodOf: (mode: AuthMode) => LoginMethod = loginMethodOfMode;

export function methodAllowed(policy: LoginPolicy | undefined, method: LoginMethod): boolean {
  return isLoginMethodAllowed(asConfig(policy), method);
}

/**
 * Whether credentials of `mode` belonging to workspace `accountId` pass the policy (undefined: no
 * workspace known, which a workspace restriction refuses). The workspace rule does not apply to
 * API-key and Bedrock credentials.
 */
export function credentialsAllowed(policy: LoginPolicy | undefined, mode: AuthMode, accountId: string | undefined): boolean {
  return isStoredAuthAllowed(asConfig(policy), mode, accountId ?? null);
}

/** The manager's policy from config (forced method, effective workspaces). */
export function policyOf(config: Pick<AuthConfig, 'forcedLoginMethod' | 'forcedWorkspaceIds'>): LoginPolicy {
  const workspaces = effectiveWorkspaceIds(config);
  return {
    ...(config.forcedLoginMethod ? { forcedLoginMethod: config.forcedLoginMethod } : {}),
    ...(workspaces ? { allowedWorkspaces: workspaces } : {}),
  };
}
