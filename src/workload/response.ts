/**
 * The accepted exchange response (codex-0171-delta.md §1.5): a 2xx status, a JSON object of at
 * most 1 MiB, with every required field. Anything else is
 * `the workload identity token exchange returned an invalid response`. (The delta says a 201
 * failed; the 0.171.0 binary accepts a 201 with a valid body — test/interop/workload checks it —
 * and the binary wins.)
 */
import { CodexAuthError } from '../errors.js';
import { WORKLOAD } from '../messages/workload.js';
import { jwtPayload } from '../oauth/jwt.js';

export const ISSUED_ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const MAX_RESPONSE_BYTES = 1024 * 1024;
const AUTH_CLAIM = 'https://api.openai.com/auth';

/** What an exchange yields; kept in memory only. */
export interface WorkloadToken {
  accessToken: string;
  /** `expires_in`, 1..3600 s. */
  lifetimeSeconds: number;
  accountId: string;
  accountUserId: string;
  userId: string;
  scope: string;
  planType?: string;
}

export function invalidResponse(): CodexAuthError {
  return new CodexAuthError('workload.invalid_response', WORKLOAD.exchangeInvalid, { details: { transient: false } });
}

function nonEmpty(o: Record<string, unknown>, name: string): string {
  const v = o[name];
  if (typeof v !== 'string' || v === '') throw invalidResponse();
  return v;
}

/** The user the access token was issued to: its auth claim's `chatgpt_user_id`, else `user_id`. */
function tokenUser(accessToken: string): unknown {
  const claim = jwtPayload(accessToken)?.[AUTH_CLAIM];
  if (claim === null || typeof claim !== 'object' || Array.isArray(claim)) return undefined;
  const c = claim as Record<string, unknown>;
  return c['chatgpt_user_id'] ?? c['user_id'];
}

/** Parses a 2xx reply's decoded body (undefined: over 1 MiB or undecodable). */
export function parseExchangeResponse(body: Buffer | undefined): WorkloadToken {
  if (body === undefined || body.length > MAX_RESPONSE_BYTES) throw invalidResponse();
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw invalidResponse();
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalidResponse();
  const o = json as Record<string, unknown>;
  const accessToken = nonEmpty(o, 'access_token');
  if (o['issued_token_type'] !== ISSUED_ACCESS_TOKEN_TYPE) throw invalidResponse();
  if (typeof o['token_type'] !== 'string' || o['token_type'].toLowerCase() !== 'bearer') throw invalidResponse();
  const lifetime = o['expires_in'];
  if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime < 1 || lifetime > 3600) throw invalidResponse();
  const scope = nonEmpty(o, 'scope');
  const accountId = nonEmpty(o, 'chatgpt_account_id');
  const accountUserId = nonEmpty(o, 'chatgpt_account_user_id');
  const userId = nonEmpty(o, 'user_id');
  const plan = o['chatgpt_plan_type'];
  if (plan !== undefined && plan !== null && typeof plan !== 'string') throw invalidResponse();
  if (tokenUser(accessToken) !== userId) throw invalidResponse();
  return { accessToken, lifetimeSeconds: lifetime, accountId, accountUserId, userId, scope, ...(typeof plan === 'string' ? { planType: plan } : {}) };
}
