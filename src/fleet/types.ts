/**
 * What the fleet needs from the rest of codex-auth, as function types (injected by auth/ and
 * cli/, so fleet/ depends on neither): the one-step OAuth refresh and revoke calls, and the
 * rule that says when an access token is due for refresh (auth/refresh-policy.ts).
 */
import type { Clock } from '../env.js';
import type { RefreshedTokens, RefreshReason } from '../oauth/refresh.js';
import type { FleetConfig } from './config.js';
import type { FleetKey } from './crypto.js';
import type { AccessRecord } from './records.js';
import type { FleetRedis } from './redis.js';

export type { RefreshedTokens, RefreshReason };

export type FleetRefreshFn = (call: { url: string; clientId: string; refreshToken: string; reason: RefreshReason; signal: AbortSignal }) => Promise<RefreshedTokens>;

export type FleetRevokeFn = (call: { url: string; token: string; tokenTypeHint: 'refresh_token'; clientId: string; signal: AbortSignal }) => Promise<void>;

/** Test hook points (a test pauses a member there and SIGKILLs it). */
export type PausePoint = 'after-lease' | 'after-mark' | 'after-spend';

export interface FleetDeps {
  config: FleetConfig;
  redis: FleetRedis;
  now: Clock;
  /** Present on members (CODEX_AUTH_FLEET_KEY_FILE); runners have none. */
  key?: FleetKey;
  refresh: FleetRefreshFn;
  /** When an access record is due for refresh (ms since epoch). */
  dueAt: (record: AccessRecord) => number;
  /** This member's name in the fleet (CODEX_AUTH_FLEET_MEMBER, else the host name). */
  memberId: string;
  pause?: (point: PausePoint) => Promise<void>;
}
