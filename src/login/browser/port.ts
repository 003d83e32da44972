/**
 * Binding the loopback callback server like the reference (observed §2.1.3, spec §5.3):
 * 127.0.0.1 only; when the preferred port (1455) is busy, send one raw `GET /cancel` to it (this
 * hands the port over from an older login server, ours or the official binary's), retry every
 * 200 ms up to 10 times, then move to the registered fallback port (1457) and retry there (no
 * cancel). Ports, delays and the cancel request are injectable for tests.
 */
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { CodexAuthError } from '../../errors.js';
import { LOGIN_FLOW } from '../../messages/login-flow.js';
import { abortableSleep } from '../sleep.js';

export const LOOPBACK_HOST = '127.0.0.1';

export interface BindOptions {
  /** The port to try first (1455; 0 = any free port, for tests). */
  port: number;
  /** The registered fallback, tried after `port` stays busy; null = none. */
  fallbackPort: number | null;
  attempts?: number;
  retryDelayMs?: number;
  /** Sends the `/cancel` hand-over to a busy port; default: a raw HTTP/1.1 request. */
  sendCancel?: (port: number) => Promise<void>;
  /** Where non-fatal warnings go (stderr). */
  warn: (line: string) => void;
  signal?: AbortSignal;
}

function listenOnce(server: Server, port: number): Promise<'ok' | 'busy'> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') resolve('busy');
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve('ok');
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: LOOPBACK_HOST, exclusive: true });
  });
}

/** One raw `GET /cancel` (2 s connect/IO timeout; reads up to 64 bytes and ignores them). */
export function sendRawCancel(port: number, timeoutMs = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: LOOPBACK_HOST, port });
    let settled = false;
    let received = 0;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(new Error('timed out')));
    socket.on('error', (e) => done(e));
    socket.on('connect', () => {
      socket.write(`GET /cancel HTTP/1.1\r\nHost: ${LOOPBACK_HOST}:${port}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (d: Buffer) => {
      received += d.length;
      if (received >= 64) done();
    });
    socket.on('end', () => done());
    socket.on('close', () => done());
  });
}

/**
 * Binds `server` and returns the port it listens on. Throws CodexAuthError `login.port_in_use`
 * (`Port 127.0.0.1:<port> is already in use`) when every attempt failed.
 */
export async function bindCallbackServer(server: Server, opts: BindOptions): Promise<number> {
  const attempts = opts.attempts ?? 10;
  const delay = opts.retryDelayMs ?? 200;
  const sendCancel = opts.sendCancel ?? ((p: number) => sendRawCancel(p));
  const candidates = opts.fallbackPort === null || opts.fallbackPort === opts.port ? [opts.port] : [opts.port, opts.fallbackPort];
  let last = opts.port;
  for (const [i, port] of candidates.entries()) {
    last = port;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if ((await listenOnce(server, port)) === 'ok') {
        const addr = server.address();
        return typeof addr === 'object' && addr ? addr.port : port;
      }
      if (port === 0) break;
      if (attempt === 0 && i === 0) {
        try {
          await sendCancel(port);
        } catch (e) {
          opts.warn(LOGIN_FLOW.cancelPreviousFailed(e instanceof Error ? e.message : String(e)));
        }
      }
      if (attempt < attempts - 1) await abortableSleep(delay, opts.signal);
    }
  }
  throw new CodexAuthError('login.port_in_use', LOGIN_FLOW.portInUse(`${LOOPBACK_HOST}:${last}`), {
    details: { port: last },
  });
}
