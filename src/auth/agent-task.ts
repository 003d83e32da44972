/**
 * Agent Identity task registration at load time (codex-auth-spec.md §7.3): `POST
 * {agent authapi}/v1/agent/<runtime_id>/task/register` with JSON `{timestamp, signature}`, where
 * `signature` is the base64 Ed25519 signature of `<runtime_id>:<timestamp>` (RFC 3339, whole
 * seconds, `Z`); 30 s per attempt, up to 3 attempts on 429/5xx/timeouts/connection errors.
 * The answer's `task_id` (or `taskId`) signs every request (headers.ts).
 * The agent authapi is CODEX_AGENT_IDENTITY_AUTHAPI_BASE_URL, else production's.
 */
import { envValue, type Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import type { FetchLike } from '../net/types.js';
import { defaultHeaders } from '../oauth/headers.js';
import { send } from '../oauth/send.js';
import { AUTH } from '../messages/auth.js';
import type { AgentIdentity } from './load.js';

export const AGENT_AUTHAPI_DEFAULT = 'https://auth.openai.com/api/accounts';
const ATTEMPTS = 3;
const TIMEOUT_MS = 30_000;

export function agentAuthapiBase(env: Env): string {
  return (envValue(env, 'CODEX_AGENT_IDENTITY_AUTHAPI_BASE_URL') ?? AGENT_AUTHAPI_DEFAULT).trim().replace(/\/+$/, '');
}

export function rfc3339Seconds(nowMs: number): string {
  return new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Base64 Ed25519 signature of `message` with the agent's base64 PKCS#8 key. */
export function agentSign(agent: AgentIdentity, message: string): string {
  // node:crypto is loaded when first needed, not when the CLI starts.
  const { createPrivateKey, sign } = process.getBuiltinModule('node:crypto');
  const key = createPrivateKey({ key: Buffer.from(agent.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return sign(null, Buffer.from(message), key).toString('base64');
}

export async function registerAgentTask(o: { fetch: FetchLike; env: Env; now: () => number; agent: AgentIdentity; sleep?: (ms: number) => Promise<void> }): Promise<string> {
  const url = `${agentAuthapiBase(o.env)}/v1/agent/${encodeURIComponent(o.agent.runtimeId)}/task/register`;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const timestamp = rfc3339Seconds(o.now());
    const body = JSON.stringify({ timestamp, signature: agentSign(o.agent, `${o.agent.runtimeId}:${timestamp}`) });
    let res: Response;
    try {
      res = await send({ fetch: o.fetch, url, method: 'POST', headers: { ...defaultHeaders({ env: o.env }), 'content-type': 'application/json' }, body, timeoutMs: TIMEOUT_MS });
    } catch (e) {
      last = e;
      await sleep(200 * attempt);
      continue;
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel().catch(() => {});
      last = new CodexAuthError('auth.agent_task_status', AUTH.agentTaskStatus(res.status));
      await sleep(200 * attempt);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new CodexAuthError('auth.agent_task_status', AUTH.agentTaskStatus(res.status), { details: { status: res.status } });
    }
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    const taskId = json?.['task_id'] ?? json?.['taskId'];
    if (typeof taskId === 'string' && taskId !== '') return taskId;
    if (json?.['encrypted_task_id'] !== undefined || json?.['encryptedTaskId'] !== undefined) {
      throw new CodexAuthError('auth.agent_task_encrypted', AUTH.agentTaskEncrypted);
    }
    throw new CodexAuthError('auth.agent_task_decode', AUTH.agentTaskDecode);
  }
  throw last instanceof CodexAuthError ? last : new CodexAuthError('auth.agent_task_request', AUTH.agentTaskDecode, { cause: last });
}
