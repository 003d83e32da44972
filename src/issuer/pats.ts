// Personal access tokens (`at-…`, spec §7.2): minted through the admin API, validated by
// GET /api/accounts/v1/user-auth-credential/whoami.
import { randomBytes } from 'node:crypto';
import { IssuerInputError } from './errors.js';
import type { Account, IssuerClock, Workspace } from './types.js';

interface PatRecord {
  account: Account;
  workspace: Workspace;
  expiresAt: number | null;
  revoked: boolean;
}

export interface WhoamiBody {
  email: string | null;
  chatgpt_user_id: string;
  chatgpt_account_id: string;
  chatgpt_plan_type: string;
  chatgpt_account_is_fedramp: boolean;
}

export class PatStore {
  private readonly pats = new Map<string, PatRecord>();

  constructor(private readonly now: IssuerClock) {}

  mint(account: Account, workspace: Workspace, ttlSeconds?: number): string {
    const token = `at-${randomBytes(32).toString('base64url')}`;
    this.pats.set(token, {
      account,
      workspace,
      expiresAt: ttlSeconds === undefined ? null : this.now() + ttlSeconds * 1000,
      revoked: false,
    });
    return token;
  }

  /** The whoami answer for a valid token; null when unknown, revoked or expired. */
  whoami(token: string): WhoamiBody | null {
    const rec = this.pats.get(token);
    if (!rec || rec.revoked || (rec.expiresAt !== null && rec.expiresAt <= this.now())) return null;
    return {
      email: rec.account.email,
      chatgpt_user_id: rec.account.userId,
      chatgpt_account_id: rec.workspace.id,
      chatgpt_plan_type: rec.workspace.plan,
      chatgpt_account_is_fedramp: rec.workspace.fedramp,
    };
  }

  has(token: string): boolean {
    return this.pats.has(token);
  }

  revoke(token: string): void {
    this.require(token).revoked = true;
  }

  expire(token: string): void {
    this.require(token).expiresAt = this.now() - 1;
  }

  private require(token: string): PatRecord {
    const rec = this.pats.get(token);
    if (!rec) throw new IssuerInputError('unknown personal access token');
    return rec;
  }
}
