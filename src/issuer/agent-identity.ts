// Agent-identity JWTs (spec §7.3, observed §2.4): RS256 JWTs carrying an Ed25519 agent key,
// verified by clients against a JWKS served at <base>/wham/agent-identities/jwks (bases with
// /backend-api) or <base>/agent-identities/jwks; plus the task registration the client does at load.
import { createPublicKey, generateKeyPairSync, randomUUID, verify as edVerify, type KeyObject } from 'node:crypto';
import { openaiError } from './errors.js';
import type { JwtSigner } from './jwks.js';
import type { Account, IssuerClock, Workspace } from './types.js';

export const AGENT_IDENTITY_ISSUER = 'https://chatgpt.com/codex-backend/agent-identity';
export const AGENT_IDENTITY_AUDIENCE = 'codex-app-server';

interface AgentRecord {
  publicKey: KeyObject;
  tasks: string[];
}

export class AgentIdentityService {
  private readonly agents = new Map<string, AgentRecord>();

  constructor(
    private readonly signer: () => Promise<JwtSigner>,
    private readonly now: IssuerClock,
  ) {}

  async mint(account: Account, workspace: Workspace, ttlSeconds: number): Promise<{ jwt: string; agentRuntimeId: string }> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const agentRuntimeId = `agent_${randomUUID()}`;
    const iat = Math.floor(this.now() / 1000);
    const jwt = await (await this.signer()).sign({
      iss: AGENT_IDENTITY_ISSUER,
      aud: AGENT_IDENTITY_AUDIENCE,
      iat,
      exp: iat + ttlSeconds,
      agent_runtime_id: agentRuntimeId,
      agent_private_key: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      account_id: workspace.id,
      chatgpt_user_id: account.userId,
      email: account.email,
      plan_type: workspace.plan,
      chatgpt_account_is_fedramp: workspace.fedramp,
    });
    this.agents.set(agentRuntimeId, { publicKey: createPublicKey(publicKey.export({ format: 'pem', type: 'spki' })), tasks: [] });
    return { jwt, agentRuntimeId };
  }

  /**
   * `POST /api/accounts/v1/agent/<id>/task/register` with `{timestamp, signature}`, the signature
   * being base64 Ed25519 over `<id>:<timestamp>` with the agent key.
   */
  registerTask(agentRuntimeId: string, body: Record<string, unknown>): { task_id: string } {
    const agent = this.agents.get(agentRuntimeId);
    if (!agent) throw openaiError(404, 'agent_not_found', 'Unknown agent runtime id.');
    const { timestamp, signature } = body;
    if (typeof timestamp !== 'string' || typeof signature !== 'string') {
      throw openaiError(400, 'invalid_request', 'timestamp and signature are required strings.');
    }
    const ok = edVerify(null, Buffer.from(`${agentRuntimeId}:${timestamp}`), agent.publicKey, Buffer.from(signature, 'base64'));
    if (!ok) throw openaiError(401, 'invalid_signature', 'The task registration signature does not verify.');
    const taskId = `task_${randomUUID()}`;
    agent.tasks.push(taskId);
    return { task_id: taskId };
  }

  tasksOf(agentRuntimeId: string): string[] {
    return [...(this.agents.get(agentRuntimeId)?.tasks ?? [])];
  }
}
