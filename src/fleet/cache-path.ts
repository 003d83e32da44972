/**
 * Where a host keeps its copy of the fleet's access record: `$CODEX_HOME/fleet/<name>@<host>_<port>
 * [_<db>].json` — one file per fleet and Redis (never the password). Pure and tiny: the CLI's
 * quick path (src/cli/quick.ts) reads it to serve `token` without loading a Redis client.
 */
import { join } from 'node:path';

const DEFAULT_PORT = '6379';

/** The cache file for this Redis URL and fleet name, or undefined when the URL does not parse. */
export function fleetCachePath(codexHome: string, url: string, name: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const db = /^\/\d{1,2}$/.test(u.pathname) && u.pathname !== '/0' ? `_${u.pathname.slice(1)}` : '';
  const where = `${u.hostname}_${u.port || DEFAULT_PORT}${db}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(codexHome, 'fleet', `${name}@${where}.json`);
}
