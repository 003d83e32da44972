// /api/accounts/v1/...: personal-access-token whoami (spec §7.2) and agent task registration (§7.3).
import type { IssuerContext } from '../context.js';
import { openaiError } from '../errors.js';
import { json, type IssuerRequest, type IssuerResponse } from '../http.js';
import { bearer } from './discovery.js';

export function whoami(ctx: IssuerContext, req: IssuerRequest): IssuerResponse {
  const token = bearer(req);
  const body = token ? ctx.pats.whoami(token) : null;
  if (!body) throw openaiError(401, 'invalid_token', 'The access token is invalid, expired or revoked.');
  return json(200, body, 'whoami');
}

export function registerTask(ctx: IssuerContext, req: IssuerRequest, agentRuntimeId: string): IssuerResponse {
  return json(200, ctx.agents.registerTask(agentRuntimeId, req.body ?? {}), 'task_registered');
}
