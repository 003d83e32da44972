/**
 * The local copy of the fleet's access record, so a member serves its token without asking Redis
 * until it is due (`$CODEX_HOME/fleet/<name>@<host>_<port>.json`, cache-path.ts; 0600 in a 0700
 * directory). `codex-auth token` reads it on the CLI's quick path. It holds what a
 * runner may hold — the access and id tokens — never the refresh token.
 */
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.js';
import { fleetCachePath } from './cache-path.js';
import type { FleetConfig } from './config.js';
import type { AccessRecord } from './records.js';

export function cachePath(codexHome: string, config: Pick<FleetConfig, 'name' | 'url'>): string {
  return fleetCachePath(codexHome, config.url, config.name) ?? join(codexHome, 'fleet', `${config.name}.json`);
}

/** The cached record, or undefined (absent, unreadable or malformed: the caller asks Redis). */
export async function readCache(path: string): Promise<AccessRecord | undefined> {
  try {
    const rec = JSON.parse(await readFile(path, 'utf8')) as AccessRecord;
    return typeof rec.gen === 'number' && typeof rec.accessToken === 'string' && rec.state === 'ok' ? rec : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCache(path: string, rec: AccessRecord): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, `${JSON.stringify(rec)}\n`, { mode: 0o600, tempPrefix: '.fleet-' });
}

export async function dropCache(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch {
    return false;
  }
}
