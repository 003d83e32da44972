/**
 * The Transport every outgoing connection of codex-auth uses, with one policy for all of them: our
 * CA list (system roots + custom bundle) and our proxy rules (from the injected env).
 * - fetch: a request that goes straight to its origin (no proxy variable names a proxy) is sent
 *   with Node's built-in http/https client (net/direct-fetch.ts: the same request undici would
 *   send, a Response with the same surface); everything else — a proxy, or a request outside the
 *   plain case — uses undici@7's fetch bound to a dispatcher that applies the same CA list and
 *   routes each origin through its proxy. Loading undici costs ≈ 10× a Node start-up in a fresh
 *   process, so it is loaded only when such a request comes (docs/benchmarks.md).
 * - openWebSocket: ws@8 with the same CA and proxy (CONNECT tunnel).
 *
 * The CA bundle is read on first use (first fetch/openWebSocket), not at creation, so commands
 * that never touch the network are not affected by a bad bundle — as in the reference. It is
 * read once per Transport; the TLS context is built on the first https/wss connection. undici and
 * ws are imported lazily.
 */
import { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import type { WebSocket, ClientOptions } from 'ws';
import { CodexAuthError } from '../errors.js';
import { NET } from '../messages/net.js';
import { resolveTrustedRoots, type TrustedRoots } from './ca.js';
import { directFetch, prepareDirect, type DirectDeps } from './direct-fetch.js';
import { proxyRouter, type ProxyChoice, type ProxyRouter } from './proxy.js';
import { redactUrl } from './redact.js';
import { openTunnel } from './tunnel.js';
import type { FetchLike, Transport, TransportOptions } from './types.js';

/** What the first use of a Transport settles: the trusted roots, and the TLS context and agents built from them on demand. */
interface FirstUse {
  roots: TrustedRoots;
  /** One TLS context for every connection: building one with ~150 CA certificates costs ~0.1 s. */
  secureContext(): SecureContext;
  /** The direct client's keep-alive agents. */
  direct: DirectDeps;
  destroy(): void;
}

interface Ready {
  /** Routes each request (redirects included) by origin: direct or through its proxy. */
  dispatcher: Dispatcher;
  /** The direct connections `dispatcher` routes to when no proxy applies. */
  direct: Dispatcher;
  undiciFetch: typeof import('undici').fetch;
}

/** How long an idle kept-alive connection of the direct client stays open (undici's keepAliveTimeout). */
const KEEP_ALIVE_IDLE_MS = 4_000;

function makeBase(roots: TrustedRoots): FirstUse {
  let context: SecureContext | undefined;
  let plain: HttpAgent | undefined;
  let secure: HttpsAgent | undefined;
  const secureContext = (): SecureContext => (context ??= buildSecureContext(roots));
  return {
    roots,
    secureContext,
    direct: {
      agent: (tls) => (tls ? (secure ??= new (process.getBuiltinModule('node:https').Agent)({ keepAlive: true, timeout: KEEP_ALIVE_IDLE_MS })) : (plain ??= new HttpAgent({ keepAlive: true, timeout: KEEP_ALIVE_IDLE_MS }))),
      secureContext,
    },
    destroy: () => {
      plain?.destroy();
      secure?.destroy();
    },
  };
}

function unsupportedProxy(choice: ProxyChoice): CodexAuthError {
  return new CodexAuthError('net.proxy_unsupported', NET.proxyUnsupported(choice.url.protocol.slice(0, -1), choice.variable), {
    details: { variable: choice.variable },
  });
}

function isAbort(err: unknown): boolean {
  return (err as { name?: unknown })?.name === 'AbortError';
}

/**
 * Node's default roots plus `extra`. Node 20 has no public way to extend the default store, so we
 * add to a default context through its native handle's addCACert (what `ca` does internally) and
 * fall back to a full `ca` list if that handle is missing.
 */
export function buildSecureContext(roots: TrustedRoots): SecureContext {
  // node:tls is loaded here, on the first https/wss connection, not when the transport loads.
  const { createSecureContext, rootCertificates } = process.getBuiltinModule('node:tls');
  const context = createSecureContext();
  const native = (context as unknown as { context?: { addCACert?: (pem: string) => void } }).context;
  if (typeof native?.addCACert !== 'function') return createSecureContext({ ca: [...rootCertificates, ...roots.extra] });
  for (const pem of roots.extra) native.addCACert(pem);
  return context;
}

async function buildDispatcher(secureContext: SecureContext, route: ProxyRouter): Promise<Ready> {
  const undici = await import('undici');
  const tls = { secureContext };
  const direct = new undici.Agent({ connect: tls });
  const viaProxy = new Map<string, Dispatcher>();
  // Route each request (including redirects) by its origin: direct, or through its proxy.
  const Base = undici.Dispatcher as unknown as new () => object;
  class Router extends Base {
    dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      const choice = route(typeof options.origin === 'string' ? options.origin : String(options.origin));
      if (!choice) return direct.dispatch(options, handler);
      const key = `${choice.url.href} ${choice.authorization ?? ''}`;
      let agent = viaProxy.get(key);
      if (!agent) {
        agent = new undici.ProxyAgent({
          uri: choice.url.href,
          ...(choice.authorization ? { token: choice.authorization } : {}),
          requestTls: tls,
          proxyTls: tls,
          // Plain http:// goes as an absolute-form request to the proxy, as the reference does.
          proxyTunnel: false,
        });
        viaProxy.set(key, agent);
      }
      return agent.dispatch(options, handler);
    }
    async close(): Promise<void> {
      await Promise.all([direct.close(), ...[...viaProxy.values()].map((d) => d.close())]);
    }
    async destroy(): Promise<void> {
      await Promise.all([direct.destroy(), ...[...viaProxy.values()].map((d) => d.destroy())]);
    }
  }
  return { dispatcher: new Router() as unknown as Dispatcher, direct, undiciFetch: undici.fetch };
}

/**
 * Creates a Transport. Never throws: CA problems surface on first use — strict transports reject
 * with CodexAuthError `net.ca_read` / `net.ca_parse`; lenient ones call `warn` once and use the
 * system roots.
 */
export function createTransport(opts: TransportOptions): Transport {
  let base: { ok: FirstUse } | { err: unknown } | undefined;
  let ready: Promise<Ready> | undefined;
  /** What `ready` resolved to: requests after the first one use it without waiting on a promise. */
  let built: Ready | undefined;
  let closed = false;
  const route = proxyRouter(opts.env);
  /** The roots (read once: a bad bundle throws, or warns once, on first use). */
  const first = (): FirstUse => {
    if (closed) throw new CodexAuthError('net.closed', NET.transportClosed);
    if (base === undefined) {
      try {
        base = { ok: makeBase(resolveTrustedRoots(opts)) };
      } catch (err) {
        base = { err };
      }
    }
    if ('err' in base) throw base.err;
    return base.ok;
  };
  const init = async (): Promise<Ready> => {
    const b = first();
    ready ??= (async () => (built = await buildDispatcher(b.secureContext(), route)))();
    return ready;
  };
  const requestError = (url: URL, e: unknown): unknown =>
    isAbort(e) ? e : new CodexAuthError('net.request', NET.sendRequest(redactUrl(url)), { cause: e, details: { url: redactUrl(url) } });

  const fetch: FetchLike = async (input, init_) => {
    const url = new URL(String(input));
    // With no proxy configured every origin goes direct (redirects too): the built-in client takes
    // the plain requests, undici's direct Agent the others, without the router.
    const proxied = route.anyProxy();
    if (!proxied) {
      const b = first();
      const p = prepareDirect(url, init_);
      if (p) {
        try {
          return (await directFetch(url, p, b.direct)) as unknown as Response;
        } catch (e) {
          throw requestError(url, e);
        }
      }
    }
    const r = built !== undefined && !closed ? built : await init();
    const choice = proxied ? route(url) : null;
    if (choice && !choice.supported) throw unsupportedProxy(choice);
    try {
      // Object.assign onto a null-prototype object copies what a spread would (own enumerable
      // properties, as data properties), but undici reads the result measurably faster (≈ 3 % of a
      // loopback request less than a spread, docs/benchmarks.md).
      const options = Object.assign(Object.create(null) as object, init_, { dispatcher: proxied ? r.dispatcher : r.direct });
      const res = await r.undiciFetch(typeof input === 'string' ? input : url, options as Parameters<typeof r.undiciFetch>[1]);
      return res as unknown as Response;
    } catch (e) {
      throw requestError(url, e);
    }
  };

  const openWebSocket = async (
    target: string | URL,
    options: { headers?: Record<string, string>; protocols?: string[] } = {},
  ): Promise<WebSocket> => {
    const url = new URL(String(target));
    const b = first();
    const { WebSocket: WS } = await import('ws');
    const secureContext = b.secureContext();
    const choice = route(url);
    if (choice && !choice.supported) throw unsupportedProxy(choice);
    const secure = url.protocol === 'wss:' || url.protocol === 'https:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port) || (secure ? 443 : 80);
    // ws hands its options to https.request, so tls.connect gets our secureContext.
    const wsOptions: ClientOptions & { secureContext: SecureContext } = { secureContext, ...(options.headers ? { headers: options.headers } : {}) };
    if (choice) {
      const createConnection = (_o: unknown, done: (err: Error | null, socket?: Socket) => void): undefined => {
        openTunnel({ proxy: choice, host, port, secureContext })
          .then((socket) => {
            if (!secure) return socket;
            return process.getBuiltinModule('node:tls').connect({ socket, secureContext, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }) });
          })
          .then((socket) => done(null, socket), (err: Error) => done(err));
        return undefined;
      };
      // Node's http client accepts an asynchronous createConnection(options, callback).
      (wsOptions as { createConnection?: unknown }).createConnection = createConnection;
    }
    const ws = new WS(url, options.protocols ?? [], wsOptions);
    return new Promise<WebSocket>((resolve, reject) => {
      const settle = (err?: CodexAuthError): void => {
        ws.removeListener('open', onOpen);
        ws.removeListener('error', onError);
        ws.removeListener('unexpected-response', onResponse);
        if (!err) {
          // Hold incoming frames until the caller has had a chance to attach its listeners:
          // a server that speaks first would otherwise be heard before anyone listens.
          ws.pause();
          resolve(ws);
          setImmediate(() => ws.resume());
          return;
        }
        ws.on('error', () => {}); // the failed socket may still report its teardown
        reject(err);
      };
      const onOpen = (): void => settle();
      const onError = (err: Error): void =>
        settle(new CodexAuthError('net.request', NET.sendRequest(redactUrl(url)), { cause: err, details: { url: redactUrl(url) } }));
      const onResponse = (req: import('node:http').ClientRequest, res: import('node:http').IncomingMessage): void => {
        settle(
          new CodexAuthError('net.websocket_status', NET.websocketStatus(res.statusCode ?? 0, res.statusMessage ?? ''), {
            details: { status: res.statusCode, url: redactUrl(url) },
          }),
        );
        req.destroy();
      };
      ws.on('open', onOpen);
      ws.on('error', onError);
      ws.on('unexpected-response', onResponse);
    });
  };

  const close = async (): Promise<void> => {
    closed = true;
    if (base !== undefined && 'ok' in base) base.ok.destroy();
    const r = await ready?.catch(() => undefined);
    await r?.dispatcher.destroy();
  };

  return { fetch, openWebSocket, close };
}
