/**
 * The login policy on an exchanged token (codex-0171-delta.md §1.2 step 7), checked only after a
 * successful exchange: `forced_login_method=api` refuses it; `forced_chatgpt_workspace_id` must
 * list the response's `chatgpt_account_id`.
 */
import { CodexAuthError } from '../errors.js';
import { WORKLOAD } from '../messages/workload.js';

export interface WorkloadPolicy {
  forcedLoginMethod?: 'chatgpt' | 'api';
  /** Trimmed, non-blank workspace ids; undefined or empty = unrestricted. */
  allowedWorkspaces?: readonly string[];
}

export function checkWorkloadPolicy(policy: WorkloadPolicy | undefined, accountId: string): void {
  const refuse = (message: string) => new CodexAuthError('workload.policy', message, { details: { transient: false } });
  if (policy?.forcedLoginMethod === 'api') throw refuse(WORKLOAD.apiKeyRequired);
  const allowed = policy?.allowedWorkspaces;
  if (allowed && allowed.length > 0 && !allowed.includes(accountId)) throw refuse(WORKLOAD.workspaceRestricted(allowed, accountId));
}
