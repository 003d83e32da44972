/**
 * The direct client: a request that goes straight to its origin (no proxy variable names a
 * proxy) is sent with Node's built-in node:http / node:https instead of undici, because loading
 * undici and compiling its HTTP parser costs ≈ 10× a Node start-up in a fresh process, where the
 * built-in client is already part of Node (docs/benchmarks.md, "Cold network path").
 *
 * It sends what undici@7's fetch sends for the same call, byte for byte in names and values
 * (default `accept`, `accept-language`, `sec-fetch-mode`, `user-agent`, `accept-encoding`,
 * `content-type` from the body, `content-length`), decodes gzip/deflate/br bodies, follows
 * redirects by fetch's rules and keeps undici's timeouts (connect 10 s, headers 300 s, body idle
 * 300 s). It takes only the plain case — string/bytes/URLSearchParams bodies, well-formed headers,
 * `method`, `headers`, `body`, `signal`, `redirect` — and `prepareDirect` returns undefined for
 * anything else, which then goes through undici as before. Errors: a TypeError('fetch failed')
 * whose cause is Node's error, like undici's; an abort rejects with the signal's reason.
 */
import * as http from 'node:http';
import type { Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import type { SecureContext } from 'node:tls';
import { pipeline, type Readable } from 'node:stream';
import { LightHeaders, LightResponse } from './light-response.js';

export interface DirectDeps {
  /** The keep-alive agent for http: or https: (one per transport). */
  agent(secure: boolean): HttpAgent;
  /** The transport's TLS context (our CA policy), built on first https use. */
  secureContext(): SecureContext;
}

interface Prepared {
  method: string;
  headers: [string, string][];
  body: Buffer | null;
  redirect: 'follow' | 'manual' | 'error';
  signal: AbortSignal | undefined;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[^\0\r\n\u0100-\uffff]*$/;
const INIT_KEYS = new Set(['method', 'headers', 'body', 'signal', 'redirect']);
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
/** Request headers undici treats specially (rejects, rewrites or reacts to): those requests go through undici. */
const SPECIAL = new Set([
  'host', 'connection', 'keep-alive', 'upgrade', 'transfer-encoding', 'expect', 'content-length', 'te', 'trailer',
  'range', 'if-modified-since', 'if-none-match', 'if-unmodified-since', 'if-match', 'if-range', 'sec-fetch-mode',
]);
const BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type'];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CONNECT_TIMEOUT_MS = 10_000;
const HEADERS_TIMEOUT_MS = 300_000;
const BODY_TIMEOUT_MS = 300_000;

function headerPairs(h: unknown): [string, string][] | undefined {
  if (h === undefined || h === null) return [];
  if (typeof h !== 'object') return undefined;
  const pairs: [string, string][] = [];
  if (Array.isArray(h) || typeof (h as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const p of h as Iterable<unknown>) {
      if (!Array.isArray(p) || p.length !== 2) return undefined;
      pairs.push([String(p[0]), String(p[1])]);
    }
  } else {
    const rec = h as Record<string, unknown>;
    for (const k of Object.keys(rec)) pairs.push([k, String(rec[k])]);
  }
  return pairs;
}

function bodyOf(b: unknown): { bytes: Buffer | null; type: string | null } | undefined {
  if (b === undefined || b === null) return { bytes: null, type: null };
  if (typeof b === 'string') return { bytes: Buffer.from(b, 'utf8'), type: 'text/plain;charset=UTF-8' };
  if (b instanceof URLSearchParams) return { bytes: Buffer.from(b.toString(), 'utf8'), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (b instanceof ArrayBuffer) return { bytes: Buffer.from(b.slice(0)), type: null };
  if (ArrayBuffer.isView(b)) return { bytes: Buffer.from(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)), type: null };
  return undefined;
}

/** The request in the direct client's terms, or undefined when it is not the plain case (→ undici). */
export function prepareDirect(url: URL, init: RequestInit | undefined): Prepared | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  const i = (init ?? {}) as Record<string, unknown>;
  for (const k in i) if (i[k] !== undefined && !INIT_KEYS.has(k)) return undefined;
  let method = i.method === undefined ? 'GET' : String(i.method);
  if (!TOKEN.test(method)) return undefined;
  const upper = method.toUpperCase();
  if (NORMALIZED.has(upper)) method = upper;
  else if (upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK') return undefined;
  const redirect = i.redirect === undefined ? 'follow' : i.redirect;
  if (redirect !== 'follow' && redirect !== 'manual' && redirect !== 'error') return undefined;
  const body = bodyOf(i.body);
  if (!body || (body.bytes !== null && (method === 'GET' || method === 'HEAD'))) return undefined;
  const given = headerPairs(i.headers);
  if (!given) return undefined;
  const seen = new Set<string>();
  const headers: [string, string][] = [];
  for (const [name, raw] of given) {
    const value = raw.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    const lower = name.toLowerCase();
    if (!TOKEN.test(name) || !VALUE.test(value) || seen.has(lower) || SPECIAL.has(lower)) return undefined;
    seen.add(lower);
    headers.push([name, value]);
  }
  if (body.type !== null && !seen.has('content-type')) headers.push(['content-type', body.type]);
  const signal = i.signal === undefined || i.signal === null ? undefined : (i.signal as AbortSignal);
  return { method, headers, body: body.bytes, redirect, signal };
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The headers undici adds (when the caller did not give them), in its order. */
function wireHeaders(url: URL, p: Prepared): string[] {
  const out = ['host', url.host, 'connection', 'keep-alive'];
  const has = new Set<string>();
  for (const [k, v] of p.headers) {
    has.add(k.toLowerCase());
    out.push(k, v);
  }
  if (!has.has('accept')) out.push('accept', '*/*');
  if (!has.has('accept-language')) out.push('accept-language', '*');
  out.push('sec-fetch-mode', 'cors');
  if (!has.has('user-agent')) out.push('user-agent', 'undici');
  if (!has.has('accept-encoding')) out.push('accept-encoding', url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate');
  if (p.body !== null) out.push('content-length', String(p.body.length));
  else if (p.method === 'POST' || p.method === 'PUT') out.push('content-length', '0');
  return out;
}

/** The body as fetch delivers it: decoded per Content-Encoding (gzip, x-gzip, deflate, br), else as sent. */
function decoded(res: IncomingMessage, method: string): Readable | null {
  const status = res.statusCode ?? 0;
  if (method === 'HEAD' || status === 204 || status === 304 || REDIRECTS.has(status)) return res;
  const codings = (res.headers['content-encoding'] ?? '').toLowerCase().split(',').map((c) => c.trim()).filter(Boolean).reverse();
  if (codings.length === 0 || codings.length > 5 || !codings.every((c) => c === 'gzip' || c === 'x-gzip' || c === 'deflate' || c === 'br')) return res;
  const zlib = process.getBuiltinModule('node:zlib') as typeof import('node:zlib');
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const steps: NodeJS.ReadWriteStream[] = codings.map((c) =>
    c === 'br'
      ? zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })
      : c === 'deflate'
        ? zlib.createInflate(flush)
        : zlib.createGunzip(flush),
  );
  return pipeline([res, ...steps] as unknown as [Readable, ...NodeJS.ReadWriteStream[]], () => {}) as unknown as Readable;
}

function once(url: URL, p: Prepared, deps: DirectDeps): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const options: RequestOptions & { secureContext?: SecureContext; ALPNProtocols?: string[] } = {
      method: p.method,
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: wireHeaders(url, p) as unknown as RequestOptions['headers'],
      setHost: false,
      agent: deps.agent(secure),
    };
    if (secure) {
      options.secureContext = deps.secureContext();
      options.ALPNProtocols = ['http/1.1'];
    }
    const signal = p.signal;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const done = (err: unknown, res?: IncomingMessage): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
      if (err !== undefined) reject(err);
      else resolve(res as IncomingMessage);
    };
    const req = (secure ? process.getBuiltinModule('node:https') : http).request(options);
    const onAbort = (): void => {
      const reason = abortReason(signal as AbortSignal);
      req.destroy();
      done(reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (message: string, code: string): void => {
      const e = Object.assign(new Error(message), { code });
      req.destroy(e);
      done(fetchFailed(e));
    };
    timers.push(setTimeout(() => fail('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'), HEADERS_TIMEOUT_MS));
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const t = setTimeout(() => fail(`Connect Timeout Error (attempted address: ${url.host}, timeout: ${CONNECT_TIMEOUT_MS}ms)`, 'UND_ERR_CONNECT_TIMEOUT'), CONNECT_TIMEOUT_MS);
      timers.push(t);
      socket.once('connect', () => clearTimeout(t));
    });
    req.on('error', (e) => done(fetchFailed(e)));
    req.on('response', (res) => {
      res.setTimeout(BODY_TIMEOUT_MS, () => res.destroy(fetchFailed(Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' }))));
      if (signal) {
        const abortBody = (): void => {
          res.destroy(abortReason(signal) as Error);
        };
        signal.addEventListener('abort', abortBody, { once: true });
        res.once('close', () => signal.removeEventListener('abort', abortBody));
      }
      done(undefined, res);
    });
    req.end(p.body ?? undefined);
  });
}

/** fetch for a prepared plain request, directly to its origin. */
export async function directFetch(start: URL, p: Prepared, deps: DirectDeps): Promise<LightResponse> {
  if (p.signal?.aborted) throw abortReason(p.signal);
  let url = new URL(start.href);
  url.hash = '';
  let redirected = false;
  for (let count = 0; ; ) {
    const res = await once(url, p, deps);
    const status = res.statusCode ?? 0;
    const location = REDIRECTS.has(status) ? res.headers.location : undefined;
    if (location !== undefined && p.redirect !== 'manual') {
      res.resume();
      if (p.redirect === 'error') throw fetchFailed(new Error('unexpected redirect'));
      let next: URL;
      try {
        next = new URL(location, url);
      } catch (e) {
        throw fetchFailed(e);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw fetchFailed(new Error('URL scheme must be a HTTP(S) scheme'));
      if (count === 20) throw fetchFailed(new Error('redirect count exceeded'));
      count++;
      const crossOrigin = next.origin !== url.origin;
      if (crossOrigin && (next.username !== '' || next.password !== '')) throw fetchFailed(new Error('cross origin not allowed for request mode "cors"'));
      let headers = p.headers;
      if (((status === 301 || status === 302) && p.method === 'POST') || (status === 303 && p.method !== 'GET' && p.method !== 'HEAD')) {
        headers = headers.filter(([k]) => !BODY_HEADERS.includes(k.toLowerCase()));
        p = { ...p, method: 'GET', body: null, headers };
      }
      if (crossOrigin) {
        p = { ...p, headers: p.headers.filter(([k]) => !['authorization', 'proxy-authorization', 'cookie'].includes(k.toLowerCase())) };
      }
      next.hash = '';
      next.username = '';
      next.password = '';
      url = next;
      redirected = true;
      continue;
    }
    return new LightResponse({
      status,
      statusText: res.statusMessage ?? '',
      headers: new LightHeaders(res.rawHeaders),
      url: url.href,
      redirected,
      body: p.method === 'HEAD' || status === 204 || status === 304 ? (res.resume(), null) : decoded(res, p.method),
    });
  }
}
