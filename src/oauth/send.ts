/**
 * One HTTP exchange through the injected fetch, with transport failures turned into
 * `CodexAuthError('oauth.transport', 'error sending request for url (<url>)')` — reqwest's
 * wording, which the official binary prints — and the URL stripped of anything secret.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';

const SECRET_PARAMS = /^(code|state|token|access_token|refresh_token|id_token|code_verifier|client_secret|api_key|key|password|secret)$/i;

/** The URL as shown in messages: no userinfo, no fragment, secret query values `<redacted>`. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(/[?#].*$/s, '');
  }
  u.username = '';
  u.password = '';
  u.hash = '';
  if (u.search.length > 1) {
    u.search = u.search
      .slice(1)
      .split('&')
      .map((pair) => {
        const key = pair.split('=', 1)[0]!;
        return SECRET_PARAMS.test(decodeURIComponent(key.replace(/\+/g, ' '))) ? `${key}=<redacted>` : pair;
      })
      .join('&');
  }
  return u.href.replace(/%3Credacted%3E/g, '<redacted>');
}

export interface SendOptions {
  fetch: FetchLike;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Abort after this many milliseconds (reported like any other transport failure). */
  timeoutMs?: number;
}

/** Sends the request; rejects with `oauth.transport` when no HTTP response arrives. */
export async function send(opts: SendOptions): Promise<Response> {
  const init: RequestInit = { method: opts.method, headers: opts.headers ?? {} };
  if (opts.body !== undefined) init.body = opts.body;
  if (opts.timeoutMs !== undefined) init.signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    return await opts.fetch(opts.url, init);
  } catch (cause) {
    throw transportError(opts.url, cause);
  }
}

export function transportError(url: string, cause: unknown): CodexAuthError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  return new CodexAuthError('oauth.transport', OAUTH.sendingRequest(redactUrl(url)), {
    cause,
    details: { url: redactUrl(url), timedOut },
  });
}

/** Reads the body as text; a body that breaks off mid-way reads as what arrived (or ''). */
export async function readText(res: Response): Promise<string> {
  try {
    return await res.text();
  } catch {
    return '';
  }
}
