/**
 * Opens this process's FleetClient from its (injected) environment: the config, the key file when
 * there is one (members), the Redis connection (not yet connected: the first command connects),
 * the member name (CODEX_AUTH_FLEET_MEMBER, else the host name) and the test hook
 * CODEX_AUTH_FLEET_TEST_PAUSE=<point>, which stops a member at that point of a refresh (the fault
 * tests SIGKILL it there) after writing one line to `onPause`.
 */
import { hostname } from 'node:os';
import { envValue, type Clock, type Env } from '../env.js';
import { FleetClient } from './client.js';
import type { FleetConfig } from './config.js';
import { readFleetKey } from './crypto.js';
import type { AccessRecord } from './records.js';
import { openFleetRedis } from './redis.js';
import type { FleetRefreshFn, PausePoint } from './types.js';

export interface OpenFleetOptions {
  config: FleetConfig;
  env: Env;
  now: Clock;
  refresh: FleetRefreshFn;
  dueAt: (record: AccessRecord) => number;
  /** Where the test hook announces a pause (default: nowhere). */
  onPause?: (line: string) => void;
  commandTimeoutMs?: number;
}

const POINTS: readonly PausePoint[] = ['after-lease', 'after-mark', 'after-spend'];

export async function openFleet(o: OpenFleetOptions): Promise<FleetClient> {
  const key = o.config.keyFile !== undefined ? await readFleetKey(o.config.keyFile, o.config.name) : undefined;
  const redis = openFleetRedis(o.config, { env: o.env, ...(o.commandTimeoutMs !== undefined ? { commandTimeoutMs: o.commandTimeoutMs } : {}) });
  const point = envValue(o.env, 'CODEX_AUTH_FLEET_TEST_PAUSE') as PausePoint | undefined;
  const pause =
    point && POINTS.includes(point)
      ? async (at: PausePoint) => {
          if (at !== point) return;
          o.onPause?.(`codex-auth fleet test pause: ${at}\n`);
          await new Promise<never>(() => setInterval(() => {}, 60_000));
        }
      : undefined;
  return new FleetClient({
    config: o.config,
    redis,
    now: o.now,
    ...(key ? { key } : {}),
    refresh: o.refresh,
    dueAt: o.dueAt,
    memberId: envValue(o.env, 'CODEX_AUTH_FLEET_MEMBER') ?? hostname(),
    ...(pause ? { pause } : {}),
  });
}
