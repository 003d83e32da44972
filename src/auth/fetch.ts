/**
 * `manager.fetch(url, init)`: a WHATWG fetch that signs the request for the current credentials
 * (spec §13.2) and, on a 401, runs the recovery state machine (spec §10.5) until a step changes
 * the credentials, then retries once. A request whose body cannot be replayed (a stream) is not
 * retried: the 401 response is returned as is.
 */
import { requestAuthHeaders } from './headers.js';
import type { ResolvedAuth } from './load.js';
import type { RequestContext, RequestCredentials } from './requests.js';

function replayable(body: RequestInit['body']): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) || body instanceof URLSearchParams || body instanceof Blob || body instanceof FormData;
}

/** A header name that Headers accepts (an RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value that Headers accepts as given: ISO-8859-1 without NUL, CR or LF. */
const HEADER_VALUE = /^[^\0\r\n\u0100-\uffff]*$/;

/**
 * The caller's headers merged under `auth` as a plain record, when the caller's are a plain object
 * of well-formed string headers with distinct names (the common case); undefined otherwise. fetch
 * reads such a record exactly as it read the Headers built from it before.
 */
function mergedRecord(headers: object, auth: Readonly<Record<string, string>>): Record<string, string> | undefined {
  if (Array.isArray(headers)) return undefined;
  const proto = Object.getPrototypeOf(headers) as unknown;
  if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(headers).length > 0) return undefined;
  const taken = new Set<string>();
  for (const name of Object.keys(auth)) taken.add(name.toLowerCase());
  const seen = new Set<string>();
  const merged: Record<string, string> = Object.create(null) as Record<string, string>;
  const given = headers as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    const value = given[name];
    if (typeof value !== 'string' || !HEADER_NAME.test(name) || !HEADER_VALUE.test(value)) return undefined;
    const lower = name.toLowerCase();
    // Two spellings of one name are joined by Headers (and re-trimmed when fetch copies them): leave that to it.
    if (seen.has(lower)) return undefined;
    seen.add(lower);
    if (!taken.has(lower)) merged[name] = value;
  }
  for (const name of Object.keys(auth)) merged[name] = auth[name] as string;
  return merged;
}

/** Auth header records already checked (the same frozen record serves a whole token generation). */
const checked = new WeakMap<object, boolean>();

function wellFormed(auth: Readonly<Record<string, string>>): boolean {
  let ok = checked.get(auth);
  if (ok === undefined) {
    ok = Object.keys(auth).every((n) => HEADER_NAME.test(n) && HEADER_VALUE.test(auth[n] as string));
    checked.set(auth, ok);
  }
  return ok;
}

/**
 * Merges auth headers over the caller's, case-insensitively (the caller cannot accidentally send
 * stale credentials). No caller headers, or a plain record of them, gives a fresh plain record
 * (fetch reads it as it would a Headers; building one per request was measurable); anything else
 * (Headers, pairs, values Headers would reject or convert) goes through `new Headers`, which
 * throws the TypeError it always did.
 */
export function withAuthHeaders(init: RequestInit | undefined, auth: Readonly<Record<string, string>>): NonNullable<RequestInit['headers']> {
  const given = init?.headers;
  if (wellFormed(auth)) {
    if (given === undefined) return { ...auth };
    const merged = typeof given === 'object' && given !== null ? mergedRecord(given, auth) : undefined;
    if (merged) return merged;
  }
  const h = new Headers(given);
  for (const [k, v] of Object.entries(auth)) h.set(k, v);
  return h;
}

export async function authorizedFetch(
  creds: RequestCredentials,
  ctx: RequestContext,
  url: string | URL,
  init: RequestInit = {},
): Promise<Response> {
  const { env, now, fetch } = ctx;
  const signal = init.signal ?? undefined;
  const sign = (auth: ResolvedAuth): Promise<Response> =>
    fetch(url, { ...init, headers: withAuthHeaders(init, requestAuthHeaders(auth, env, now)) });
  // Valid credentials with no refresh due (the usual case): sign at once, nothing to wait for.
  const send = (): Promise<Response> => {
    const ready = creds.ready();
    if (ready) return sign(ready);
    return creds.require(signal).then(sign);
  };
  const res = await send();
  if (res.status !== 401 || !replayable(init.body)) return res;
  if (!(await creds.recover(signal))) return res;
  await res.body?.cancel().catch(() => {});
  return send();
}
