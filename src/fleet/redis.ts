/**
 * The fleet's connection to Redis: @redis/client (node-redis), loaded with `await import()` on
 * the first command, so a process that serves a cached token never loads it. RESP2, no client
 * info, no automatic reconnection: a command that cannot be sent or answered within
 * `commandTimeoutMs` (5 s) fails with one clear `fleet.unreachable` line (and the next command connects
 * afresh). TLS (rediss://) trusts Node's roots plus CODEX_CA_CERTIFICATE / SSL_CERT_FILE
 * (net/ca.ts, the CA policy of every other connection). Counts round trips (bench, tests).
 */
import type { Env } from '../env.js';
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { FLEET } from '../messages/fleet.js';
import type { FleetConfig } from './config.js';

export interface FleetRedis {
  /** One command, one round trip. Rejects with `fleet.unreachable` or `fleet.redis` (a refused command). */
  call(args: readonly string[]): Promise<unknown>;
  /** EVAL of one of scripts.ts. */
  eval(script: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** Subscribes on a second connection; resolves once subscribed, with the unsubscribe function. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Commands sent so far (subscriptions not counted). */
  readonly roundTrips: number;
  close(): Promise<void>;
}

export interface RedisOptions {
  env: Env;
  /** Give up on a connection or command after this long (default 5 s). */
  commandTimeoutMs?: number;
}

type Client = {
  connect(): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
  duplicate(): Client;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  on(event: 'error', listener: (e: Error) => void): unknown;
  close(): Promise<void>;
  destroy(): void;
  readonly isReady: boolean;
};

/** Redis error replies start with an upper-case word (NOPERM, WRONGPASS, NOSCRIPT…). */
function isReplyError(e: unknown): boolean {
  return e instanceof Error && /^[A-Z]{2,}[A-Z_]*\b/.test(e.message) && !('code' in e && typeof (e as { code?: unknown }).code === 'string');
}

/** One line of plain text from a server's or socket's message (no control characters). */
function plain(text: string): string {
  return text.split('\n')[0]!.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
}

export function openFleetRedis(config: FleetConfig, opts: RedisOptions): FleetRedis {
  const timeoutMs = opts.commandTimeoutMs ?? 5_000;
  let client: Promise<Client> | undefined;
  let live: Client | undefined;
  const subscribers = new Set<Client>();
  let trips = 0;
  let closed = false;

  const unreachable = (cause: unknown): CodexAuthError => {
    const detail = cause instanceof Error ? ((cause as { code?: string }).code ?? plain(cause.message)) : 'no answer';
    return new CodexAuthError('fleet.unreachable', FLEET.unreachable(config.displayUrl, detail), { cause });
  };

  const options = async () => {
    const socket: Record<string, unknown> = { connectTimeout: timeoutMs, reconnectStrategy: false };
    if (config.tls) {
      const { resolveTrustedRoots } = await import('../net/ca.js');
      socket['tls'] = true;
      socket['ca'] = resolveTrustedRoots({ env: opts.env, strictCa: true }).ca;
    }
    return { url: config.url, RESP: 2, disableClientInfo: true, socket };
  };

  const newClient = async (): Promise<Client> => {
    const { createClient } = (await import('@redis/client')) as unknown as { createClient: (o: unknown) => Client };
    const c = createClient(await options());
    // Errors surface through the command that hits them; the event only keeps Node from throwing.
    c.on('error', () => {});
    return c;
  };

  const withTimeout = <T>(p: Promise<T>, onTimeout: () => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => {
        onTimeout();
        reject(unreachable(new Error('timed out')));
      }, timeoutMs);
      p.then(
        (v) => {
          clearTimeout(t);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(t);
          reject(e);
        },
      );
    });

  const drop = (c: Client | undefined) => {
    if (!c) return;
    if (live === c) live = undefined;
    client = undefined;
    try {
      c.destroy();
    } catch {
      // already gone
    }
  };

  const connected = (): Promise<Client> => {
    if (live?.isReady) return Promise.resolve(live);
    if (live) drop(live);
    client ??= (async () => {
      const c = await newClient();
      try {
        await withTimeout(c.connect(), () => drop(c));
      } catch (e) {
        drop(c);
        throw isCodexAuthError(e) ? e : refusedOrUnreachable(e);
      }
      live = c;
      return c;
    })();
    return client;
  };

  const refusedOrUnreachable = (e: unknown): CodexAuthError =>
    isReplyError(e)
      ? new CodexAuthError('fleet.redis', FLEET.redisRefused(config.displayUrl, plain((e as Error).message)), { cause: e })
      : unreachable(e);

  const call = async (args: readonly string[]): Promise<unknown> => {
    if (closed) throw unreachable(new Error('closed'));
    const c = await connected();
    trips++;
    try {
      return await withTimeout(c.sendCommand([...args]), () => drop(c));
    } catch (e) {
      if (isCodexAuthError(e)) throw e;
      if (!isReplyError(e)) drop(c);
      throw refusedOrUnreachable(e);
    }
  };

  return {
    call,
    eval: (script, keys, args) => call(['EVAL', script, String(keys.length), ...keys, ...args]),
    async subscribe(channel, onMessage) {
      const sub = await newClient();
      try {
        await withTimeout(sub.connect(), () => drop(sub));
        await withTimeout(sub.subscribe(channel, onMessage), () => sub.destroy());
      } catch (e) {
        sub.destroy();
        throw isCodexAuthError(e) ? e : refusedOrUnreachable(e);
      }
      subscribers.add(sub);
      return async () => {
        subscribers.delete(sub);
        sub.destroy();
      };
    },
    get roundTrips() {
      return trips;
    },
    async close() {
      closed = true;
      for (const s of subscribers) s.destroy();
      subscribers.clear();
      const c = live;
      live = undefined;
      client = undefined;
      if (c) await withTimeout(c.close(), () => c.destroy()).catch(() => c.destroy());
    },
  };
}
