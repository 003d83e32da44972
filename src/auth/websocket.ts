/**
 * `manager.openWebSocket(url)`: opens a WebSocket through the transport (same CA and proxy policy
 * as HTTP) with the current credentials' headers; a 401 on the upgrade runs the 401 recovery
 * (spec §10.5) and retries once.
 */
import type { WebSocket } from 'ws';
import { CodexAuthError } from '../errors.js';
import { withAuthHeaders } from './fetch.js';
import { authHeaders } from './headers.js';
import type { RequestContext, RequestCredentials } from './requests.js';

export interface OpenWebSocketOptions {
  headers?: Record<string, string>;
  protocols?: string[];
  signal?: AbortSignal;
}

/** Whether an upgrade failure was an HTTP 401 (ws reports `Unexpected server response: 401`). */
function isUnauthorized(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const d = (e as { details?: Record<string, unknown>; statusCode?: unknown }).details;
  if (d?.status === 401 || (e as { statusCode?: unknown }).statusCode === 401) return true;
  return /\b401\b/.test(e.message);
}

/**
 * The upgrade request's headers: the caller's with ours on top, merged as manager.fetch() merges
 * them (case-insensitively: a caller's `authorization` never travels beside our `Authorization`),
 * as the plain object ws takes.
 */
export function webSocketHeaders(given: Readonly<Record<string, string>>, auth: Readonly<Record<string, string>>): Record<string, string> {
  const merged = withAuthHeaders({ headers: given }, auth);
  return merged instanceof Headers ? Object.fromEntries(merged) : (merged as Record<string, string>);
}

export async function authorizedWebSocket(
  creds: RequestCredentials,
  ctx: RequestContext,
  url: string | URL,
  options: OpenWebSocketOptions = {},
): Promise<WebSocket> {
  const { env, now, openWebSocket } = ctx;
  if (!openWebSocket) {
    throw new CodexAuthError('auth.no_websocket', 'This AuthManager has no transport for WebSockets; pass `transport` to createAuthManager.');
  }
  const signal = options.signal;
  const open = async () => {
    const auth = await creds.require(signal);
    const headers = webSocketHeaders(options.headers ?? {}, authHeaders(auth, env, now()));
    return openWebSocket(url, { headers, ...(options.protocols ? { protocols: options.protocols } : {}) });
  };
  try {
    return await open();
  } catch (e) {
    if (!isUnauthorized(e) || !(await creds.recover(signal))) throw e;
    return open();
  }
}
