// Shared by the fleet tests: a private Redis, the embedded issuer with a clock that can mint
// tokens already due, a key file, and "hosts" (separate CODEX_HOMEs, each its own member name).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningIssuer } from '../../../src/issuer/index.js';
import { chatgptDoc, startTestIssuer } from '../../helpers/issuer.js';
import { startRedis, type RedisOptions, type TestRedis } from '../../helpers/redis.js';
import { baseEnv, runOurs, tempHomes, type RunResult } from '../../helpers/run.js';

export interface FleetLab {
  redis: TestRedis;
  issuer: RunningIssuer;
  keyFile: string;
  homes: ReturnType<typeof tempHomes>;
  /** Mints a login for dev@example.com; `due`: its access token is already inside the refresh window. */
  mint(due: boolean | 'expired'): Promise<ReturnType<typeof chatgptDoc>>;
  /** Makes the tokens the issuer mints from now on due at once (true) or fresh for an hour (false). */
  mintDue(due: boolean): void;
  /** An environment for a host: a member (with the key) unless `runner`. */
  env(home: string, o?: { member?: string; runner?: boolean; url?: string; extra?: Record<string, string | undefined> }): Record<string, string>;
  /** A new admin host holding `doc` in auth.json, pushed into the fleet. */
  push(doc: ReturnType<typeof chatgptDoc>): Promise<RunResult>;
  /** Refresh requests the issuer received: outcome per request. */
  refreshes(): string[];
  close(): Promise<void>;
}

export async function fleetLab(o: RedisOptions = {}): Promise<FleetLab> {
  const redis = await startRedis(o);
  let skewMs = 0;
  const issuer = await startTestIssuer({ now: () => Date.now() + skewMs, accessTokenTtlSeconds: 3600 });
  const homes = tempHomes('codex-auth-fleet-');
  const keyDir = homes.make();
  const keyFile = join(keyDir, 'fleet.key');
  writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
  const lab: FleetLab = {
    redis,
    issuer,
    keyFile,
    homes,
    mintDue(due) {
      skewMs = due ? -(3600 - 60) * 1000 : 0;
    },
    async mint(due) {
      const before = skewMs;
      if (due === 'expired') skewMs = -(3600 + 60) * 1000; // expired a minute ago
      else lab.mintDue(due);
      try {
        const m = await issuer.admin.mintTokens({ account: 'dev@example.com', accessTokenTtlSeconds: 3600 });
        return chatgptDoc(m, new Date(Date.now() + skewMs).toISOString());
      } finally {
        skewMs = before;
      }
    },
    env(home, e = {}) {
      return baseEnv(home, {
        CODEX_AUTH_FLEET_URL: e.url ?? redis.url,
        CODEX_AUTH_FLEET_MEMBER: e.member ?? home.split('/').pop()!,
        ...(e.runner ? {} : { CODEX_AUTH_FLEET_KEY_FILE: keyFile }),
        ...e.extra,
      });
    },
    async push(doc) {
      const home = homes.make();
      writeFileSync(join(home, 'auth.json'), JSON.stringify(doc), { mode: 0o600 });
      return runOurs(['fleet', 'push'], {
        env: lab.env(home, {
          member: 'admin-laptop',
          extra: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token`, CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/revoke` },
        }),
      });
    },
    refreshes() {
      return issuer.admin
        .requests({ path: '/oauth/token' })
        .filter((r) => r.body?.['grant_type'] === 'refresh_token')
        .map((r) => r.outcome ?? String(r.status));
    },
    async close() {
      await issuer.close();
      await redis.cleanup();
      homes.cleanup();
    },
  };
  return lab;
}

/** Every file under `dir` (recursively), with its bytes. */
export function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  const out: Array<{ path: string; bytes: Buffer }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.isFile()) out.push({ path: p, bytes: readFileSync(p) });
  }
  return out;
}
