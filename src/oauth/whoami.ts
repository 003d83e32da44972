/**
 * Personal access token metadata (spec §7.2, observed §2.4):
 * `GET <authapi>/v1/user-auth-credential/whoami` with `Authorization: Bearer <at-…>` and the default
 * Codex headers. Every field except `email` is required.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { statusLine } from './http-status.js';
import { send } from './send.js';
import { whoamiUrl } from './urls.js';

export interface WhoamiParams {
  fetch: FetchLike;
  /** Aborting ends the request (send.ts); the step rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** From urls.authapiBaseUrl(env). */
  authapiBaseUrl: string;
  token: string;
  /** Default Codex headers; authorization is added here. */
  headers?: Record<string, string>;
}

export interface PatMetadata {
  email: string | null;
  chatgptUserId: string;
  chatgptAccountId: string;
  /** Raw plan string; unknown plans are kept. */
  chatgptPlanType: string;
  chatgptAccountIsFedramp: boolean;
}

/**
 * Rejects with `oauth.whoami_request` (no response), `oauth.whoami_status` (non-2xx) or
 * `oauth.whoami_decode` (bad JSON or a missing/mistyped field).
 */
export async function fetchPatMetadata(p: WhoamiParams): Promise<PatMetadata> {
  let res: Response;
  try {
    res = await send({ fetch: p.fetch, signal: p.signal, url: whoamiUrl(p.authapiBaseUrl), method: 'GET', headers: { ...p.headers, authorization: `Bearer ${p.token}` } });
  } catch (e) {
    p.signal?.throwIfAborted();
    const err = e as CodexAuthError;
    throw new CodexAuthError('oauth.whoami_request', OAUTH.whoamiRequest(err.message), { cause: err.cause, details: err.details });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new CodexAuthError('oauth.whoami_status', OAUTH.whoamiStatus(statusLine(res.status)), { details: { status: res.status } });
  }
  const decodeError = () => new CodexAuthError('oauth.whoami_decode', OAUTH.whoamiDecode(OAUTH.decodingBody));
  let o: Record<string, unknown>;
  try {
    const json = (await res.json()) as unknown;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw decodeError();
    o = json as Record<string, unknown>;
  } catch {
    p.signal?.throwIfAborted();
    throw decodeError();
  }
  const email = o['email'] ?? null;
  const { chatgpt_user_id: userId, chatgpt_account_id: accountId, chatgpt_plan_type: plan, chatgpt_account_is_fedramp: fedramp } = o;
  if (
    (email !== null && typeof email !== 'string') ||
    typeof userId !== 'string' ||
    typeof accountId !== 'string' ||
    typeof plan !== 'string' ||
    typeof fedramp !== 'boolean'
  ) {
    throw decodeError();
  }
  return { email, chatgptUserId: userId, chatgptAccountId: accountId, chatgptPlanType: plan, chatgptAccountIsFedramp: fedramp };
}
