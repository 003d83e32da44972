/**
 * The Transport every outgoing connection of codex-auth uses: undici@7's own fetch bound to a
 * dispatcher that applies our CA list (system roots + custom bundle) and our proxy rules (from
 * the injected env), and ws@8 WebSockets with the same CA and proxy (CONNECT tunnel).
 *
 * The CA bundle is read on first use (first fetch/openWebSocket), not at creation, so commands
 * that never touch the network are not affected by a bad bundle — as in the reference. It is
 * read once per Transport. undici and ws are imported lazily.
 */
import { isIP } from 'node:net';
import { connect as tlsConnect, createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import type { WebSocket, ClientOptions } from 'ws';
import { CodexAuthError } from '../errors.js';
import { NET } from '../messages/net.js';
import { resolveTrustedRoots, type TrustedRoots } from './ca.js';
import { proxyRouter, type ProxyChoice, type ProxyRouter } from './proxy.js';
import { redactUrl } from './redact.js';
import { openTunnel } from './tunnel.js';
import type { FetchLike, Transport, TransportOptions } from './types.js';

interface Ready {
  roots: TrustedRoots;
  /** One TLS context for every connection: building one with ~150 CA certificates costs ~0.1 s. */
  secureContext: SecureContext;
  /** Routes each request (redirects included) by origin: direct or through its proxy. */
  dispatcher: Dispatcher;
  /** The direct connections `dispatcher` routes to when no proxy applies. */
  direct: Dispatcher;
  undiciFetch: typeof import('undici').fetch;
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
  const context = createSecureContext();
  const native = (context as unknown as { context?: { addCACert?: (pem: string) => void } }).context;
  if (typeof native?.addCACert !== 'function') return createSecureContext({ ca: [...rootCertificates, ...roots.extra] });
  for (const pem of roots.extra) native.addCACert(pem);
  return context;
}

async function buildDispatcher(roots: TrustedRoots, route: ProxyRouter): Promise<Ready> {
  const undici = await import('undici');
  const secureContext = buildSecureContext(roots);
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
  return { roots, secureContext, dispatcher: new Router() as unknown as Dispatcher, direct, undiciFetch: undici.fetch };
}

/**
 * Creates a Transport. Never throws: CA problems surface on first use — strict transports reject
 * with CodexAuthError `net.ca_read` / `net.ca_parse`; lenient ones call `warn` once and use the
 * system roots.
 */
export function createTransport(opts: TransportOptions): Transport {
  let ready: Promise<Ready> | undefined;
  /** What `ready` resolved to: requests after the first one use it without waiting on a promise. */
  let built: Ready | undefined;
  let closed = false;
  const route = proxyRouter(opts.env);
  const init = (): Promise<Ready> => {
    if (closed) return Promise.reject(new CodexAuthError('net.closed', NET.transportClosed));
    ready ??= (async () => (built = await buildDispatcher(resolveTrustedRoots(opts), route)))();
    return ready;
  };

  const fetch: FetchLike = async (input, init_) => {
    const url = new URL(String(input));
    const r = built !== undefined && !closed ? built : await init();
    // With no proxy configured every origin goes direct (redirects too): skip the router.
    const proxied = route.anyProxy();
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
      if (isAbort(e)) throw e;
      throw new CodexAuthError('net.request', NET.sendRequest(redactUrl(url)), { cause: e, details: { url: redactUrl(url) } });
    }
  };

  const openWebSocket = async (
    target: string | URL,
    options: { headers?: Record<string, string>; protocols?: string[] } = {},
  ): Promise<WebSocket> => {
    const url = new URL(String(target));
    const r = await init();
    const { WebSocket: WS } = await import('ws');
    const { secureContext } = r;
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
            return tlsConnect({ socket, secureContext, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }) });
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
    const r = await ready?.catch(() => undefined);
    await r?.dispatcher.destroy();
  };

  return { fetch, openWebSocket, close };
}
