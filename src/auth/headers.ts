/**
 * Request headers per credential mode (codex-auth-spec.md §13.2):
 * - API key: `Authorization: Bearer <key>`, `OpenAI-Organization` / `OpenAI-Project` from env.
 * - ChatGPT (managed or external tokens): `Bearer <access_token>`, `ChatGPT-Account-ID` when known,
 *   `X-OpenAI-Fedramp: true` when the id_token says so.
 * - Personal access token: `Bearer <at-…>`, account id and fedramp from whoami.
 * - Agent Identity: `AgentAssertion <…>` (spec §7.3), account id, fedramp. No bearer token.
 */
import { envValue, type Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import { agentSign, rfc3339Seconds } from './agent-task.js';
import type { AgentIdentity, ResolvedAuth } from './load.js';
import { idTokenInfo } from './token-claims.js';

/**
 * `AgentAssertion` value: base64url (no padding) of the JSON object
 * `{agent_runtime_id, signature, task_id, timestamp}` (keys sorted), where `signature` is the base64
 * Ed25519 signature of `<runtime_id>:<task_id>:<timestamp>` by the agent's PKCS#8 key.
 */
export function agentAssertion(agent: AgentIdentity, nowMs: number): string {
  if (!agent.taskId) {
    throw new CodexAuthError(
      'auth.agent_identity_no_task',
      'agent identity auth has no registered task; log in again with `codex login --with-access-token`',
    );
  }
  const timestamp = rfc3339Seconds(nowMs);
  const signature = agentSign(agent, `${agent.runtimeId}:${agent.taskId}:${timestamp}`);
  const body = JSON.stringify({ agent_runtime_id: agent.runtimeId, signature, task_id: agent.taskId, timestamp });
  return Buffer.from(body).toString('base64url');
}

/** The bearer token of these credentials (undefined for Agent Identity, which signs instead). */
export function bearerToken(auth: ResolvedAuth): string | undefined {
  switch (auth.mode) {
    case 'apikey':
    case 'bedrockApiKey':
      return auth.apiKey;
    case 'personalAccessToken':
      return auth.pat?.token;
    case 'agentIdentity':
      return undefined;
    default:
      return auth.doc?.tokens?.access_token || undefined;
  }
}

/** Account id and fedramp flag the request headers carry. */
export function accountOf(auth: ResolvedAuth): { accountId?: string; fedramp: boolean } {
  if (auth.pat) return { accountId: auth.pat.meta.accountId, fedramp: auth.pat.meta.fedramp };
  if (auth.agent) return { accountId: auth.agent.accountId, fedramp: auth.agent.fedramp };
  if (auth.mode === 'apikey' || auth.mode === 'bedrockApiKey') return { fedramp: false };
  const info = idTokenInfo(auth.doc?.tokens?.id_token);
  const accountId = auth.doc?.tokens?.account_id ?? info.accountId;
  return { ...(accountId ? { accountId } : {}), fedramp: info.fedramp };
}

export function authHeaders(auth: ResolvedAuth, env: Env, nowMs: number): Record<string, string> {
  const h: Record<string, string> = {};
  if (auth.mode === 'apikey' || auth.mode === 'bedrockApiKey') {
    if (auth.apiKey) h['Authorization'] = `Bearer ${auth.apiKey}`;
    if (auth.mode === 'apikey') {
      const org = envValue(env, 'OPENAI_ORGANIZATION');
      const project = envValue(env, 'OPENAI_PROJECT');
      if (org) h['OpenAI-Organization'] = org;
      if (project) h['OpenAI-Project'] = project;
    }
    return h;
  }
  if (auth.agent) h['Authorization'] = `AgentAssertion ${agentAssertion(auth.agent, nowMs)}`;
  else {
    const token = bearerToken(auth);
    if (token) h['Authorization'] = `Bearer ${token}`;
  }
  const { accountId, fedramp } = accountOf(auth);
  if (accountId) h['ChatGPT-Account-ID'] = accountId;
  if (fedramp) h['X-OpenAI-Fedramp'] = 'true';
  return h;
}

interface Signed {
  headers: Readonly<Record<string, string>>;
  /** The env values an API key's headers were built from. */
  org: string | undefined;
  project: string | undefined;
}

/** authHeaders() per credentials object: loaded credentials are never changed in place (a change is a new object). */
const signed = new WeakMap<ResolvedAuth, Signed>();

/**
 * authHeaders(), remembered per credentials object, for signing every request: the same tokens
 * give the same headers until the credentials change. An API key's also follow
 * `OPENAI_ORGANIZATION` / `OPENAI_PROJECT` of `env`. Agent Identity signs a fresh assertion per
 * request and is never remembered. The result is frozen: copy it to change it.
 */
export function requestAuthHeaders(auth: ResolvedAuth, env: Env, now: () => number): Readonly<Record<string, string>> {
  if (auth.agent) return authHeaders(auth, env, now());
  const org = auth.mode === 'apikey' ? envValue(env, 'OPENAI_ORGANIZATION') : undefined;
  const project = auth.mode === 'apikey' ? envValue(env, 'OPENAI_PROJECT') : undefined;
  const hit = signed.get(auth);
  if (hit && hit.org === org && hit.project === project) return hit.headers;
  const headers = Object.freeze(authHeaders(auth, env, now()));
  signed.set(auth, { headers, org, project });
  return headers;
}
