/**
 * Which credentials the AuthManager uses (codex-auth-spec.md §4.1), filtered by the login policy
 * (§11): 1. `CODEX_API_KEY` (only when the caller enables it and API keys are allowed);
 * 2. the ephemeral store; 3. `CODEX_ACCESS_TOKEN` (`at-…` = personal access token, else an Agent
 * Identity JWT); 4. nothing when the configured store is ephemeral; 5. the persistent store.
 * Forbidden credentials are treated as absent, never deleted.
 */
import { envValue, type Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';
import type { AgentIdentityRecord, AuthDotJson, AuthMode, CredentialStore, StoreKind } from '../store/types.js';
import { isLoginMethodAllowed, isStoredAuthAllowed, type LoginPolicy } from '../config/policy.js';
import { decodeAgentIdentityJwt } from '../oauth/agent-identity.js';
import { idTokenInfo } from './token-claims.js';
import { resolveAuthMode } from '../store/auth-mode.js';

/** `workload`: workload identity federation (auth/workload-auth.ts), held in memory only. */
export type AuthSource = 'env' | 'ephemeral' | 'store' | 'workload';

/** Metadata a personal access token resolves to (whoami, spec §7.2). */
export interface PatMetadata {
  accountId: string;
  userId?: string;
  email?: string;
  planType?: string;
  fedramp: boolean;
}

/** Agent Identity material (spec §7.3), from a JWT's claims or a stored record. */
export interface AgentIdentity {
  runtimeId: string;
  privateKey: string;
  accountId: string;
  userId?: string;
  email?: string;
  planType?: string;
  fedramp: boolean;
  taskId?: string;
}

export interface ResolvedAuth {
  mode: AuthMode;
  source: AuthSource;
  /** The stored document, for credentials that came from a store. */
  doc?: AuthDotJson;
  apiKey?: string;
  pat?: { token: string; meta: PatMetadata };
  agent?: AgentIdentity;
  /** Workload identity: what the exchange said besides the token (auth/workload-auth.ts). */
  workload?: { source: string; userId: string; planType?: string; expiresAt: number };
}

export interface LoadOptions {
  env: Env;
  /** The configured persistent store. */
  store: CredentialStore;
  /** The process's ephemeral store (host-supplied tokens, `ephemeral` logins). */
  ephemeral?: CredentialStore;
  /** Honour `CODEX_API_KEY` (the reference does only for exec/doctor/mcp-style callers). */
  enableCodexApiKeyEnv?: boolean;
  policy?: LoginPolicy;
  /** Hydrates a personal access token (whoami). Required only when one is used. */
  whoami?: (token: string) => Promise<PatMetadata>;
  /** Registers a run task for an Agent Identity without one (spec §7.3); resolves the task id. */
  registerAgentTask?: (agent: AgentIdentity) => Promise<string>;
  /** Verifies an Agent Identity JWT against the JWKS (spec §7.3 step 3); rejects when it does not verify. */
  verifyAgentJwt?: (jwt: string) => Promise<void>;
}

/** Online verification of a JWT-form agent identity, after the (offline) workspace check. */
async function verified(jwt: string | undefined, opts: LoadOptions): Promise<void> {
  if (jwt !== undefined && opts.verifyAgentJwt) await opts.verifyAgentJwt(jwt);
}

/** Agent identities get a task at load time (after the workspace check, so never for forbidden ones). */
async function withTask(agent: AgentIdentity, opts: LoadOptions): Promise<AgentIdentity> {
  if (agent.taskId || !opts.registerAgentTask) return agent;
  return { ...agent, taskId: await opts.registerAgentTask(agent) };
}

/** The effective mode of a stored document (spec §2.1): the store's own rule. */
export const effectiveMode: (doc: AuthDotJson) => AuthMode = resolveAuthMode;

/** The workspace (ChatGPT account) a document's credentials belong to, without network. */
export function storedAccountId(doc: AuthDotJson): string | undefined {
  return effectiveMode(doc) === 'agentIdentity' ? agentFromDoc(doc)?.accountId : tokensAccountId(doc);
}

/** The workspace of a document's ChatGPT tokens: `tokens.account_id`, else the id_token's claim. */
function tokensAccountId(doc: AuthDotJson): string | undefined {
  return doc.tokens?.account_id ?? idTokenInfo(doc.tokens?.id_token).accountId;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Agent identity from a JWT's claims (spec §7.3 step 1, offline; oauth/agent-identity.ts). */
export function agentFromJwt(jwt: string): AgentIdentity {
  const c = decodeAgentIdentityJwt(jwt);
  const a: AgentIdentity = {
    runtimeId: c.agent_runtime_id,
    privateKey: c.agent_private_key,
    accountId: c.account_id,
    userId: c.chatgpt_user_id,
    planType: c.plan_type,
    fedramp: c.chatgpt_account_is_fedramp,
  };
  if (str(c.email)) a.email = c.email;
  return a;
}

function agentFromRecord(r: AgentIdentityRecord): AgentIdentity {
  const a: AgentIdentity = {
    runtimeId: r.agent_runtime_id,
    privateKey: r.agent_private_key,
    accountId: r.account_id,
    fedramp: r.chatgpt_account_is_fedramp === true,
  };
  if (str(r.chatgpt_user_id)) a.userId = r.chatgpt_user_id;
  if (str(r.email)) a.email = r.email;
  if (str(r.plan_type)) a.planType = r.plan_type;
  if (str(r.task_id)) a.taskId = r.task_id as string;
  return a;
}

function agentFromDoc(doc: AuthDotJson): AgentIdentity | undefined {
  const m = doc.agent_identity;
  if (typeof m === 'string') return agentFromJwt(m);
  if (m && typeof m === 'object') return agentFromRecord(m);
  return undefined;
}

async function hydratePat(token: string, source: AuthSource, opts: LoadOptions, doc?: AuthDotJson): Promise<ResolvedAuth | null> {
  if (!opts.whoami) {
    throw new CodexAuthError('auth.pat_unsupported', 'personal access token auth needs a whoami client; pass `whoami` to createAuthManager');
  }
  const meta = await opts.whoami(token);
  if (!isStoredAuthAllowed(opts.policy, 'personalAccessToken', meta.accountId ?? null)) return null;
  return { mode: 'personalAccessToken', source, pat: { token, meta }, ...(doc ? { doc } : {}) };
}

/**
 * The part of fromDoc that needs neither network nor crypto: API-key, Bedrock and ChatGPT-token
 * documents (credentials, or null when the policy forbids them). undefined for personal access
 * tokens and Agent Identities, which fromDoc resolves. Also the CLI's quick path (src/cli/quick.ts).
 */
export function fromDocSync(doc: AuthDotJson, source: AuthSource, policy: LoginPolicy | undefined): ResolvedAuth | null | undefined {
  const mode = effectiveMode(doc);
  switch (mode) {
    case 'apikey': {
      if (typeof doc.OPENAI_API_KEY !== 'string') throw new CodexAuthError('auth.apikey_missing', AUTH.apiKeyMissing);
      if (!isStoredAuthAllowed(policy, mode, null)) return null;
      return { mode, source, doc, apiKey: doc.OPENAI_API_KEY };
    }
    case 'bedrockApiKey': {
      if (!doc.bedrock_api_key) throw new CodexAuthError('auth.bedrock_missing', AUTH.bedrockMissing);
      if (!isStoredAuthAllowed(policy, mode, null)) return null;
      return { mode, source, doc, apiKey: doc.bedrock_api_key.api_key };
    }
    case 'personalAccessToken':
    case 'agentIdentity':
      return undefined;
    default: {
      if (!isStoredAuthAllowed(policy, mode, tokensAccountId(doc) ?? null)) return null;
      return { mode, source, doc };
    }
  }
}

/** Turns a stored document into usable credentials, or null when the policy forbids them. */
async function fromDoc(doc: AuthDotJson, source: AuthSource, opts: LoadOptions): Promise<ResolvedAuth | null> {
  const resolved = fromDocSync(doc, source, opts.policy);
  if (resolved !== undefined) return resolved;
  if (effectiveMode(doc) === 'personalAccessToken') {
    const token = doc.personal_access_token;
    if (typeof token !== 'string' || token === '') throw new CodexAuthError('auth.pat_missing', AUTH.patMissing);
    if (!isLoginMethodAllowed(opts.policy, 'chatgpt')) return null;
    return hydratePat(token, source, opts, doc);
  }
  const agent = agentFromDoc(doc);
  if (!agent) throw new CodexAuthError('auth.agent_identity_missing', AUTH.agentIdentityMissing);
  // Workspace restrictions are checked before any network (spec §4.1).
  if (!isStoredAuthAllowed(opts.policy, 'agentIdentity', agent.accountId ?? null)) return null;
  await verified(typeof doc.agent_identity === 'string' ? doc.agent_identity : undefined, opts);
  return { mode: 'agentIdentity', source, doc, agent: await withTask(agent, opts) };
}

/** Resolves the credentials to use, following spec §4.1. */
export async function loadAuth(opts: LoadOptions, storeKind: StoreKind = opts.store.kind): Promise<ResolvedAuth | null> {
  const policy = opts.policy;
  const apiKey = envValue(opts.env, 'CODEX_API_KEY')?.trim();
  if (opts.enableCodexApiKeyEnv && apiKey && isLoginMethodAllowed(policy, 'api')) {
    return { mode: 'apikey', source: 'env', apiKey };
  }
  if (opts.ephemeral) {
    const doc = await opts.ephemeral.load();
    if (doc) {
      const auth = await fromDoc(doc, 'ephemeral', opts);
      if (auth) return auth;
    }
  }
  const accessToken = envValue(opts.env, 'CODEX_ACCESS_TOKEN')?.trim();
  if (accessToken && isLoginMethodAllowed(policy, 'chatgpt')) {
    if (accessToken.startsWith('at-')) return hydratePat(accessToken, 'env', opts);
    const agent = agentFromJwt(accessToken);
    if (!isStoredAuthAllowed(policy, 'agentIdentity', agent.accountId ?? null)) return null;
    await verified(accessToken, opts);
    return { mode: 'agentIdentity', source: 'env', agent: await withTask(agent, opts) };
  }
  if (storeKind === 'ephemeral') return null;
  const doc = await opts.store.load();
  return doc ? fromDoc(doc, 'store', opts) : null;
}
