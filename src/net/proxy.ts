/**
 * Proxy selection from the injected environment (never process.env), with the rules the
 * official binary follows (its HTTP stack is reqwest/hyper-util; checked against 0.169.0):
 * - http:// and ws:// targets use HTTP_PROXY, https:// and wss:// use HTTPS_PROXY, each falling
 *   back to ALL_PROXY;
 * - for each pair the UPPERCASE variable wins when it is present at all (even empty: an empty
 *   HTTPS_PROXY hides https_proxy); an empty or unparsable value means "no proxy from it";
 * - a value without a scheme means http:// (`127.0.0.1:3128`); userinfo becomes Basic
 *   Proxy-Authorization;
 * - NO_PROXY/no_proxy (uppercase wins): comma-separated, trimmed; `*` bypasses everything;
 *   IPs and CIDR ranges match IP hosts; a domain (leading `.` or `*.` optional) matches itself
 *   and its subdomains, case-insensitively. We also accept `host:port` entries (matching only
 *   that port), which the reference ignores;
 * - with REQUEST_METHOD set (CGI) no proxy is used at all (httpoxy).
 */
import { BlockList, isIP } from 'node:net';
import type { Env } from '../env.js';

export interface ProxyChoice {
  /** The proxy URL, normalised (`http://host:port`), userinfo removed. */
  url: URL;
  /** Which variable it came from, e.g. `HTTPS_PROXY` or `all_proxy`. */
  variable: string;
  /** `Basic ...` when the proxy URL carried credentials. */
  authorization?: string;
  /** false for schemes we cannot speak (socks*). */
  supported: boolean;
}

function firstPresent(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** Parses a proxy variable's value; undefined when empty or unusable (like the reference). */
export function parseProxyValue(value: string, variable: string): ProxyChoice | undefined {
  const raw = value.trim();
  if (raw === '') return undefined;
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const httpish = scheme === 'http' || scheme === 'https';
  if (!httpish && !['socks4', 'socks4a', 'socks5', 'socks5h'].includes(scheme)) return undefined;
  if (url.hostname === '') return undefined;
  let authorization: string | undefined;
  const authority = withScheme.slice(withScheme.indexOf('://') + 3).split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@')) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  const clean = new URL(`${url.protocol}//${url.host}`);
  return { url: clean, variable, ...(authorization ? { authorization } : {}), supported: httpish };
}

interface NoProxyRule {
  any: boolean;
  ips: BlockList;
  domains: string[];
  hostPorts: { host: string; port: number }[];
}

function parseNoProxy(value: string): NoProxyRule {
  const rule: NoProxyRule = { any: false, ips: new BlockList(), domains: [], hostPorts: [] };
  for (const part of value.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    if (part === '*') {
      rule.any = true;
      continue;
    }
    const cidr = /^(.+)\/(\d{1,3})$/.exec(part);
    if (cidr && isIP(cidr[1] as string)) {
      const family = isIP(cidr[1] as string) === 6 ? 'ipv6' : 'ipv4';
      const prefix = Number(cidr[2]);
      if (prefix <= (family === 'ipv6' ? 128 : 32)) rule.ips.addSubnet(cidr[1] as string, prefix, family);
      continue;
    }
    const bare = part.replace(/^\[(.*)\]$/, '$1');
    if (isIP(bare)) {
      rule.ips.addAddress(bare, isIP(bare) === 6 ? 'ipv6' : 'ipv4');
      continue;
    }
    const hostPort = /^\[?([^\]]*?)\]?:(\d+)$/.exec(part);
    if (hostPort) {
      rule.hostPorts.push({ host: (hostPort[1] as string).toLowerCase().replace(/^\*?\./, ''), port: Number(hostPort[2]) });
      continue;
    }
    rule.domains.push(part.toLowerCase().replace(/^\*\./, '.'));
  }
  return rule;
}

function domainMatches(entry: string, host: string): boolean {
  if (entry === host || (entry.startsWith('.') && entry.slice(1) === host)) return true;
  if (host.endsWith(entry)) {
    if (entry.startsWith('.')) return true;
    return host.charAt(host.length - entry.length - 1) === '.';
  }
  return false;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };

/** True when NO_PROXY/no_proxy says to connect to this URL directly. */
export function bypassesProxy(target: URL, env: Env): boolean {
  const entry = firstPresent(env, ['NO_PROXY', 'no_proxy']);
  if (!entry) return false;
  const rule = parseNoProxy(entry.value);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = target.port === '' ? DEFAULT_PORTS[target.protocol] ?? 0 : Number(target.port);
  if (rule.any) return true;
  const family = isIP(host);
  if (rule.hostPorts.some((hp) => hp.port === port && (family ? hp.host.replace(/^\[(.*)\]$/, '$1') === host : domainMatches(hp.host, host)))) {
    return true;
  }
  if (family) return rule.ips.check(host, family === 6 ? 'ipv6' : 'ipv4');
  return rule.domains.some((d) => domainMatches(d, host));
}

/** The proxy for a request to `target` (http, https, ws or wss), or null to connect directly. */
export function proxyForUrl(target: string | URL, env: Env): ProxyChoice | null {
  const url = typeof target === 'string' ? new URL(target) : target;
  if (env.REQUEST_METHOD !== undefined) return null;
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  if (!secure && url.protocol !== 'http:' && url.protocol !== 'ws:') return null;
  if (bypassesProxy(url, env)) return null;
  const specific = firstPresent(env, secure ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy']);
  const fromSpecific = specific && parseProxyValue(specific.value, specific.name);
  if (fromSpecific) return fromSpecific;
  const all = firstPresent(env, ['ALL_PROXY', 'all_proxy']);
  return (all && parseProxyValue(all.value, all.name)) || null;
}

/** Every variable proxyForUrl reads. */
const PROXY_VARIABLES = ['REQUEST_METHOD', 'NO_PROXY', 'no_proxy', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'] as const;
const ROUTE_CACHE_SIZE = 64;

/** proxyForUrl for one environment, remembering its answers (see proxyRouter). */
export interface ProxyRouter {
  (target: string | URL): ProxyChoice | null;
  /** False when no proxy variable of the env names a usable proxy: every URL goes direct. */
  anyProxy(): boolean;
}

/** True when some proxy variable names a proxy (proxyForUrl is null for every URL otherwise). */
function namesAProxy(env: Env): boolean {
  if (env.REQUEST_METHOD !== undefined) return false;
  for (const names of [['HTTPS_PROXY', 'https_proxy'], ['HTTP_PROXY', 'http_proxy'], ['ALL_PROXY', 'all_proxy']]) {
    const v = firstPresent(env, names);
    if (v && parseProxyValue(v.value, v.name)) return true;
  }
  return false;
}

/**
 * proxyForUrl for one environment, remembering its answer per origin (scheme, host, port) while
 * the proxy variables keep their values: a Transport asks on every request (and again for each
 * redirect hop), and parsing NO_PROXY (a BlockList per call) cost more than the request itself on
 * loopback. A change to any proxy variable of `env` is still seen on the next call.
 */
export function proxyRouter(env: Env): ProxyRouter {
  const cache = new Map<string, ProxyChoice | null>();
  const seen: (string | undefined)[] = PROXY_VARIABLES.map((n) => env[n]);
  let any = namesAProxy(env);
  const sync = (): void => {
    let changed = false;
    for (let i = 0; i < PROXY_VARIABLES.length; i++) {
      const v = env[PROXY_VARIABLES[i] as string];
      if (v !== seen[i]) {
        seen[i] = v;
        changed = true;
      }
    }
    if (changed) {
      cache.clear();
      any = namesAProxy(env);
    }
  };
  const route = (target: string | URL): ProxyChoice | null => {
    sync();
    const key = typeof target === 'string' ? target : `${target.protocol}//${target.host}`;
    let choice = cache.get(key);
    if (choice === undefined) {
      choice = proxyForUrl(target, env);
      if (cache.size >= ROUTE_CACHE_SIZE) cache.clear();
      cache.set(key, choice);
    }
    return choice;
  };
  return Object.assign(route, {
    anyProxy: (): boolean => {
      sync();
      return any;
    },
  });
}
