/**
 * One HTTP/1.1 request whose header lines are exactly the caller's (names, order, case), for
 * exchanges that must match the official client byte for byte: undici's fetch adds its own
 * (user-agent, accept-language, sec-fetch-mode) and Node's http would add `Connection`. Same CA
 * policy (CODEX_CA_CERTIFICATE, else SSL_CERT_FILE, added to Node's roots) and proxy policy
 * (CONNECT tunnel for https) as the Transport; redirects are never followed; the whole exchange
 * is bounded by `timeoutMs`. The reply's body is returned as received (still content-encoded),
 * or undefined past `maxRawBytes`.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { connect as tlsConnect, type SecureContext } from 'node:tls';
import type { Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import { NET } from '../messages/net.js';
import { resolveTrustedRoots } from './ca.js';
import { proxyForUrl } from './proxy.js';
import { redactUrl } from './redact.js';
import { buildSecureContext } from './transport.js';
import { openTunnel } from './tunnel.js';

export interface ExactRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Header lines in order, sent as given (include `host` and `content-length`). */
  headers: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
  timeoutMs: number;
  /** Raw (encoded) bytes read at most; past it the body is dropped. */
  maxRawBytes: number;
}

export interface ExactResponse {
  status: number;
  headers: IncomingMessage['headers'];
  /** The body as received (see `headers['content-encoding']`); undefined when over maxRawBytes. */
  body: Buffer | undefined;
}

export interface ExactClientOptions {
  env: Env;
  warn?: (message: string) => void;
}

export type ExactClient = (req: ExactRequest) => Promise<ExactResponse>;

/** Rejects with CodexAuthError `net.request` (cause: the socket/TLS/proxy error, or `details.timedOut`). */
export function createExactClient(opts: ExactClientOptions): ExactClient {
  let context: SecureContext | undefined;
  const secureContext = (): SecureContext =>
    (context ??= buildSecureContext(resolveTrustedRoots({ env: opts.env, strictCa: false, ...(opts.warn ? { warn: opts.warn } : {}) })));
  return (req) => exactRequest(opts.env, secureContext, req);
}

function connectTarget(env: Env, url: URL, secureContext: () => SecureContext): Promise<Socket> {
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (secure ? 443 : 80);
  const proxy = proxyForUrl(url, env);
  if (proxy && !proxy.supported) return Promise.reject(new Error(NET.proxyUnsupported(proxy.url.protocol.slice(0, -1), proxy.variable)));
  const tls = (socket?: Socket): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = tlsConnect({ ...(socket ? { socket } : { host, port }), secureContext: secureContext(), ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }) });
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
  if (proxy && secure) return openTunnel({ proxy, host, port, secureContext: secureContext() }).then(tls);
  if (secure) return tls();
  return Promise.resolve(undefined as unknown as Socket); // plain http: node:http connects (directly or to the proxy)
}

async function exactRequest(env: Env, secureContext: () => SecureContext, r: ExactRequest): Promise<ExactResponse> {
  const url = new URL(r.url);
  const fail = (cause: unknown, timedOut = false): CodexAuthError =>
    new CodexAuthError('net.request', NET.sendRequest(redactUrl(url)), { cause, details: { url: redactUrl(url), timedOut } });
  let timer: NodeJS.Timeout | undefined;
  let request: ClientRequest | undefined;
  let socket: Socket | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      request?.destroy();
      socket?.destroy();
      reject(fail(new Error('timed out'), true));
    }, r.timeoutMs);
  });
  const exchange = (async (): Promise<ExactResponse> => {
    try {
      socket = await connectTarget(env, url, secureContext);
    } catch (e) {
      throw fail(e);
    }
    const plainProxy = url.protocol === 'http:' ? proxyForUrl(url, env) : null;
    return new Promise<ExactResponse>((resolve, reject) => {
      // An object keeps the given order and spelling; `connection` is removed before anything is sent.
      const headers: Record<string, string> = {};
      for (const [k, v] of r.headers) headers[k] = v;
      const req = httpRequest({
        method: r.method,
        ...(plainProxy
          ? { host: plainProxy.url.hostname, port: plainProxy.url.port || 80, path: url.href }
          : { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80), path: url.pathname + url.search }),
        headers,
        setHost: false,
        // Our own connection (TLS, maybe tunnelled) when there is one; Node uses createConnection only without an agent.
        ...(socket ? { createConnection: () => socket as Socket } : { agent: false }),
      });
      request = req;
      req.removeHeader('connection');
      req.once('error', (e) => reject(fail(e)));
      req.once('response', (res) => {
        const cap = r.maxRawBytes;
        const chunks: Buffer[] = [];
        let size = 0;
        let over = false;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > cap) over = true;
          else chunks.push(c);
        });
        res.once('error', (e) => reject(fail(e)));
        res.once('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: over ? undefined : Buffer.concat(chunks) });
          socket?.destroy();
        });
      });
      req.end(r.body);
    });
  })();
  try {
    return await Promise.race([exchange, timeout]);
  } finally {
    clearTimeout(timer);
    exchange.catch(() => {});
  }
}
