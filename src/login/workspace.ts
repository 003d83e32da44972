/**
 * The login-time workspace check (spec §11.3) on the account a sign-in produced. TEMPORARY until
 * config/policy.ts (cli branch) lands; then this delegates to its `workspaceRefusal`.
 */
export function workspaceRefusal(allowed: readonly string[] | undefined, accountId: string | null | undefined): string | undefined {
  if (!allowed || allowed.length === 0) return undefined;
  if (accountId === undefined || accountId === null || accountId === '')
    return 'Login is restricted to a specific workspace, but the token did not include an chatgpt_account_id claim.';
  return allowed.includes(accountId) ? undefined : `Login is restricted to workspace id(s) ${allowed.join(', ')}.`;
}
