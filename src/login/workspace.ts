/** The login-time workspace check (spec §11.3), on the account id a sign-in produced. */
import { workspaceRefusal as policyRefusal } from '../config/policy.js';

export function workspaceRefusal(allowed: readonly string[] | undefined, accountId: string | null | undefined): string | undefined {
  return policyRefusal({ forcedWorkspaceIds: allowed ? [...allowed] : undefined }, accountId);
}
