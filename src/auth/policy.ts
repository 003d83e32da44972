/**
 * Login policy filtering (codex-auth-spec.md §11.1, §11.4 last paragraph): the AuthManager treats
 * credentials that the policy forbids as "not logged in", without deleting them.
 */
import { effectiveWorkspaceIds } from '../config/policy.js';
import type { AuthConfig } from '../config/types.js';
import type { AuthMode } from '../store/types.js';

export interface LoginPolicy {
  /** `forced_login_method` (combined with any managed allow-list by the caller). */
  forcedLoginMethod?: 'chatgpt' | 'api';
  /** Effective allowed ChatGPT workspaces; undefined or empty = unrestricted. */
  allowedWorkspaces?: readonly string[];
}

export type LoginMethod = 'chatgpt' | 'api';

/** ChatGPT-style modes count as "chatgpt"; API key and Bedrock as "api" (spec §11.1). */
export function methodOf(mode: AuthMode): LoginMethod {
  return mode === 'apikey' || mode === 'bedrockApiKey' ? 'api' : 'chatgpt';
}

export function methodAllowed(policy: LoginPolicy | undefined, method: LoginMethod): boolean {
  return !policy?.forcedLoginMethod || policy.forcedLoginMethod === method;
}

/**
 * Whether credentials of `mode` belonging to workspace `accountId` pass the policy. The workspace
 * rule does not apply to API-key and Bedrock credentials.
 */
export function credentialsAllowed(policy: LoginPolicy | undefined, mode: AuthMode, accountId: string | undefined): boolean {
  const method = methodOf(mode);
  if (!methodAllowed(policy, method)) return false;
  if (method === 'api') return true;
  const ws = policy?.allowedWorkspaces;
  if (!ws || ws.length === 0) return true;
  return accountId !== undefined && ws.includes(accountId);
}

/** The manager's policy from config (forced method, effective workspaces). */
export function policyOf(config: Pick<AuthConfig, 'forcedLoginMethod' | 'forcedWorkspaceIds'>): LoginPolicy {
  const workspaces = effectiveWorkspaceIds(config);
  return {
    ...(config.forcedLoginMethod ? { forcedLoginMethod: config.forcedLoginMethod } : {}),
    ...(workspaces ? { allowedWorkspaces: workspaces } : {}),
  };
}
