// Users and their workspaces: the demo defaults, normalisation of specs, lookups.
import { createHash } from 'node:crypto';
import { IssuerInputError } from './errors.js';
import type { Account, AccountSpec, Workspace, WorkspaceSpec } from './types.js';

/** The accounts served when the options name none: enough to show every branch in the demo. */
export const DEFAULT_ACCOUNTS: AccountSpec[] = [
  { email: 'dev@example.com', name: 'Dev Example', plan: 'plus', workspaces: [{ id: 'ws-dev-personal', name: 'Personal' }] },
  {
    email: 'team@example.com',
    name: 'Team Member',
    workspaces: [
      { id: 'ws-team-alpha', name: 'Alpha', plan: 'team' },
      { id: 'ws-team-beta', name: 'Beta', plan: 'business' },
    ],
    isOrgOwner: true,
    completedPlatformOnboarding: true,
    organizationId: 'org-team-alpha',
    projectId: 'proj-team-alpha',
  },
  {
    email: 'gov@example.com',
    name: 'Gov Example',
    workspaces: [{ id: 'ws-gov', name: 'Gov', plan: 'enterprise', fedramp: true }],
  },
  {
    email: 'nocodex@example.com',
    name: 'No Codex',
    plan: 'free',
    codex: false,
    workspaces: [{ id: 'ws-nocodex', name: 'Personal' }],
  },
];

function derivedId(prefix: string, seed: string): string {
  return `${prefix}-${createHash('sha256').update(seed).digest('base64url').slice(0, 24)}`;
}

function normaliseWorkspace(w: string | WorkspaceSpec, spec: AccountSpec): Workspace {
  const ws: WorkspaceSpec = typeof w === 'string' ? { id: w } : w;
  if (typeof ws.id !== 'string' || ws.id.trim() === '') {
    throw new IssuerInputError(`account ${spec.email}: every workspace needs a non-empty "id"`);
  }
  return {
    id: ws.id,
    name: ws.name ?? ws.id,
    plan: ws.plan ?? spec.plan ?? 'plus',
    fedramp: ws.fedramp ?? spec.fedramp ?? false,
    codex: ws.codex ?? spec.codex ?? true,
  };
}

export function normaliseAccount(spec: AccountSpec): Account {
  if (!spec || typeof spec.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(spec.email)) {
    throw new IssuerInputError('every account needs an "email" like name@example.com');
  }
  if (spec.workspaces !== undefined && !Array.isArray(spec.workspaces)) {
    throw new IssuerInputError(`account ${spec.email}: "workspaces" must be an array of workspace ids or objects`);
  }
  const workspaces = (spec.workspaces && spec.workspaces.length > 0 ? spec.workspaces : [derivedId('ws', spec.email)]).map(
    (w) => normaliseWorkspace(w, spec),
  );
  return {
    email: spec.email,
    userId: spec.userId ?? derivedId('user', spec.email),
    name: spec.name ?? spec.email.split('@')[0]!,
    workspaces,
    isOrgOwner: spec.isOrgOwner ?? false,
    completedPlatformOnboarding: spec.completedPlatformOnboarding ?? true,
    organizationId: spec.organizationId,
    projectId: spec.projectId,
  };
}

/** The set of accounts an issuer serves. Accounts are found by email or user id. */
export class AccountDirectory {
  private readonly byKey = new Map<string, Account>();
  private readonly ordered: Account[] = [];

  constructor(specs: AccountSpec[]) {
    for (const s of specs) this.add(s);
  }

  add(spec: AccountSpec): Account {
    const account = normaliseAccount(spec);
    if (this.byKey.has(account.email.toLowerCase()) || this.byKey.has(account.userId)) {
      throw new IssuerInputError(`account ${account.email} already exists`);
    }
    this.byKey.set(account.email.toLowerCase(), account);
    this.byKey.set(account.userId, account);
    this.ordered.push(account);
    return account;
  }

  list(): Account[] {
    return [...this.ordered];
  }

  /** By email (case-insensitive) or user id. */
  find(key: string): Account | undefined {
    return this.byKey.get(key) ?? this.byKey.get(key.toLowerCase());
  }

  /** The account and workspace for a sign-in choice; workspace defaults to the first one. */
  resolve(key: string, workspaceId?: string): { account: Account; workspace: Workspace } {
    const account = this.find(key);
    if (!account) throw new IssuerInputError(`unknown account "${key}": use an email or user id the issuer serves`);
    const workspace = workspaceId ? account.workspaces.find((w) => w.id === workspaceId) : account.workspaces[0];
    if (!workspace) throw new IssuerInputError(`account ${account.email} has no workspace "${workspaceId}"`);
    return { account, workspace };
  }
}

/** Parses `allowed_workspace_id` (comma-separated) into a list; empty ⇒ no restriction. */
export function parseAllowedWorkspaces(value: string | undefined | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
