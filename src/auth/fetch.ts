/**
 * `manager.fetch(url, init)`: a WHATWG fetch that signs the request for the current credentials
 * (spec §13.2) and, on a 401, runs the recovery state machine (spec §10.5) until a step changes
 * the credentials, then retries once. A request whose body cannot be replayed (a stream) is not
 * retried: the 401 response is returned as is.
 */
import { isCodexAuthError } from '../errors.js';
import { authHeaders } from './headers.js';
import type { AuthManager } from './manager.js';
import { isPermanent } from './refresh-coordinator.js';

function replayable(body: RequestInit['body']): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) || body instanceof URLSearchParams || body instanceof Blob || body instanceof FormData;
}

/** Merges auth headers over the caller's (the caller cannot accidentally send stale credentials). */
export function withAuthHeaders(init: RequestInit | undefined, auth: Record<string, string>): Headers {
  const h = new Headers(init?.headers);
  for (const [k, v] of Object.entries(auth)) h.set(k, v);
  return h;
}

/**
 * Runs the 401 recovery until a step changes the credentials. Resolves true when a retry may
 * succeed; false when recovery is over (a permanent failure is reported as `reauthRequired`).
 */
export async function recoverFromUnauthorized(manager: AuthManager, signal?: AbortSignal): Promise<boolean> {
  const recovery = manager.unauthorizedRecovery();
  while (recovery.hasNext()) {
    try {
      const { changed } = await recovery.next(signal);
      if (changed) return true;
    } catch (e) {
      if (isCodexAuthError(e, 'auth.aborted')) throw e;
      if (isPermanent(e)) manager.reportReauth(e);
      return false;
    }
  }
  return false;
}

export async function authorizedFetch(manager: AuthManager, url: string | URL, init: RequestInit = {}): Promise<Response> {
  const { env, now, fetch } = manager.depsForRequests();
  const signal = init.signal ?? undefined;
  const send = async () => {
    await manager.requireAuth(signal ? { signal } : {});
    const auth = manager.currentAuth();
    const headers = withAuthHeaders(init, auth ? authHeaders(auth, env, now()) : {});
    return fetch(url, { ...init, headers });
  };
  const res = await send();
  if (res.status !== 401 || !replayable(init.body)) return res;
  if (!(await recoverFromUnauthorized(manager, signal))) return res;
  await res.body?.cancel().catch(() => {});
  return send();
}
