/**
 * Which fleet this process belongs to, from the environment (the CLI and createAuthManager pass
 * their env in): CODEX_AUTH_FLEET_URL (redis:// or rediss://, `user:password@` for ACL users),
 * CODEX_AUTH_FLEET_NAME (the key prefix, default `default`), CODEX_AUTH_FLEET_KEY_FILE (refresh
 * rights) and CODEX_AUTH_FLEET_REFRESH_TIMEOUT (seconds one refresh request may take; the lease
 * outlives it). Every URL shown to a person goes through redactRedisUrl (no password).
 */
import { envValue, type Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import { FLEET } from '../messages/fleet.js';

export interface FleetConfig {
  /** The URL as given (holds the password: never print it). */
  url: string;
  /** The URL without its password, for messages and status. */
  displayUrl: string;
  tls: boolean;
  name: string;
  /** `codex-auth:fleet:<name>:` — every key and channel of this fleet starts with it. */
  prefix: string;
  /** CODEX_AUTH_FLEET_KEY_FILE: set on members that may refresh (and push, log out). */
  keyFile?: string;
  /** How long one refresh request may take (ms); the lease lasts leaseMs(). */
  requestTimeoutMs: number;
}

export const DEFAULT_FLEET_NAME = 'default';
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Whether the environment puts this process in a fleet (cheap: no parsing). */
export function fleetUrlSet(env: Env): boolean {
  return envValue(env, 'CODEX_AUTH_FLEET_URL') !== undefined;
}

/** The fleet configuration, or undefined when CODEX_AUTH_FLEET_URL is unset. Throws `fleet.config` on bad values. */
export function fleetConfigFrom(env: Env): FleetConfig | undefined {
  const url = envValue(env, 'CODEX_AUTH_FLEET_URL')?.trim();
  if (url === undefined || url === '') return undefined;
  const parsed = parseRedisUrl(url);
  const name = envValue(env, 'CODEX_AUTH_FLEET_NAME') ?? DEFAULT_FLEET_NAME;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new CodexAuthError('fleet.config', FLEET.badName);
  const keyFile = envValue(env, 'CODEX_AUTH_FLEET_KEY_FILE');
  return {
    url,
    displayUrl: parsed.displayUrl,
    tls: parsed.tls,
    name,
    prefix: `codex-auth:fleet:${name}:`,
    ...(keyFile !== undefined ? { keyFile } : {}),
    requestTimeoutMs: requestTimeoutFrom(env),
  };
}

function requestTimeoutFrom(env: Env): number {
  const v = envValue(env, 'CODEX_AUTH_FLEET_REFRESH_TIMEOUT');
  if (v === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!(n >= 1 && n <= 300)) throw new CodexAuthError('fleet.config', FLEET.badTimeout);
  return n * 1000;
}

/**
 * How long a member holds the refresh lease: longer than one refresh request may take (plus
 * the Redis round trips around it), so a live holder always finishes — commits or gives the
 * generation back — before anyone else may take the lease (docs/fleet.md, "Exactly once").
 */
export function leaseMs(config: Pick<FleetConfig, 'requestTimeoutMs'>): number {
  return 2 * config.requestTimeoutMs + 1_000;
}

export function parseRedisUrl(url: string): { displayUrl: string; tls: boolean } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CodexAuthError('fleet.config', FLEET.badUrl('not a URL'));
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new CodexAuthError('fleet.config', FLEET.badUrl(`scheme ${u.protocol.replace(/[^a-z+.-]/gi, '')}`));
  if (u.hostname === '') throw new CodexAuthError('fleet.config', FLEET.badUrl('no host'));
  if (u.pathname !== '' && u.pathname !== '/' && !/^\/\d{1,2}$/.test(u.pathname)) throw new CodexAuthError('fleet.config', FLEET.badUrl('the path must be a database number'));
  return { displayUrl: redactRedisUrl(url), tls: u.protocol === 'rediss:' };
}

/** The URL without password, query or fragment: `redis://user@host:port/db`. Never throws. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    // `redis://secret@host` (no colon) is sometimes meant as a password: shown only next to one.
    const user = u.username && u.password ? `${u.username}@` : u.username ? '***@' : '';
    const db = /^\/\d{1,2}$/.test(u.pathname) ? u.pathname : '';
    return `${u.protocol}//${user}${u.host}${db}`;
  } catch {
    return '<unparsable URL>';
  }
}
