/**
 * One HTTP exchange through the injected fetch, with transport failures turned into
 * `CodexAuthError('oauth.transport', 'error sending request for url (<url>)')` — reqwest's
 * wording, which the official binary prints — and the URL stripped of anything secret.
 * The caller's `signal` reaches the request itself: aborting it closes the connection, and the
 * step rejects with the signal's reason (what Ctrl-C handlers compare against), not as a
 * transport failure.
 * Every auth request goes through here, so here (and only here) it asks for compressed replies
 * and gets them decoded (content-encoding.ts).
 */
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { redactUrl } from '../net/redact.js';
import { decodedResponse, withAcceptEncoding } from './content-encoding.js';

export { redactUrl };

export interface SendOptions {
  fetch: FetchLike;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Abort after this many milliseconds (reported like any other transport failure). */
  timeoutMs?: number;
  /** The caller's cancellation (Ctrl-C, a deadline): ends the request, rejects with its reason. */
  signal?: AbortSignal | undefined;
}

/** What every protocol step takes besides its own parameters (as oauth4webapi's `signal`). */
export interface StepOptions {
  fetch: FetchLike;
  /** Aborting ends the step's request; the step then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * Sends the request with `accept-encoding: zstd,gzip`; rejects with `oauth.transport` when no HTTP
 * response arrives. The response's body reads decoded.
 */
export async function send(opts: SendOptions): Promise<Response> {
  const init: RequestInit = { method: opts.method, headers: withAcceptEncoding(opts.headers) };
  if (opts.body !== undefined) init.body = opts.body;
  const signal = requestSignal(opts.signal, opts.timeoutMs);
  if (signal) init.signal = signal;
  opts.signal?.throwIfAborted();
  let res: Response;
  try {
    res = await opts.fetch(opts.url, init);
  } catch (cause) {
    opts.signal?.throwIfAborted();
    throw transportError(opts.url, cause);
  }
  return decodedResponse(res);
}

function requestSignal(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal | undefined {
  if (timeoutMs === undefined) return signal;
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

export function transportError(url: string, cause: unknown): CodexAuthError {
  // Our own CA/proxy configuration errors already say what to fix (observed §5: strict clients
  // print `Failed to read CA certificate file ...`), so they pass through unchanged.
  if (isCodexAuthError(cause) && cause.code.startsWith('net.') && cause.code !== 'net.request') return cause;
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  return new CodexAuthError('oauth.transport', OAUTH.sendingRequest(redactUrl(url)), {
    cause,
    details: { url: redactUrl(url), timedOut },
  });
}

/**
 * Reads the body as text; a body that breaks off mid-way reads as what arrived (or ''), unless
 * `signal` aborted it: then this rejects with the signal's reason.
 */
export async function readText(res: Response, signal?: AbortSignal): Promise<string> {
  try {
    return await res.text();
  } catch {
    signal?.throwIfAborted();
    return '';
  }
}
