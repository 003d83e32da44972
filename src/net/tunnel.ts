/**
 * An HTTP CONNECT tunnel through a proxy (RFC 9110 §9.3.6), for WebSocket connections (undici
 * does its own tunnelling for fetch). Written on node:http/node:https rather than adding
 * https-proxy-agent: it is ~40 lines, needs no extra dependency, and lets us apply our own CA
 * context to both the proxy (https:// proxies) and the tunnelled TLS session.
 */
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { NET } from '../messages/net.js';
import type { ProxyChoice } from './proxy.js';

export interface TunnelOptions {
  proxy: ProxyChoice;
  /** Target host (no brackets) and port. */
  host: string;
  port: number;
  /** TLS context (trusted roots) for an https:// proxy. */
  secureContext?: SecureContext;
}

/** Opens a raw TCP tunnel to host:port through the proxy; rejects on a non-200 answer. */
export function openTunnel(opts: TunnelOptions): Promise<Socket> {
  const authority = opts.host.includes(':') ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
  const secureProxy = opts.proxy.url.protocol === 'https:';
  const headers: Record<string, string> = { host: authority };
  if (opts.proxy.authorization) headers['proxy-authorization'] = opts.proxy.authorization;
  // node:https (and with it node:tls) only for an https:// proxy.
  const request = secureProxy ? process.getBuiltinModule('node:https').request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      method: 'CONNECT',
      host: opts.proxy.url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: opts.proxy.url.port || (secureProxy ? 443 : 80),
      path: authority,
      headers,
      agent: false,
      ...(secureProxy && opts.secureContext ? { secureContext: opts.secureContext } : {}),
    });
    req.once('connect', (res, socket, head) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new Error(NET.proxyConnectStatus(res.statusCode ?? 0)));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once('error', reject);
    req.end();
  });
}
