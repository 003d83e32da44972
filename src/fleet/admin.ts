/**
 * The fleet's administration, for members with the key: `push` (a login in, as a new
 * generation: a push always repairs a broken fleet), `logout` (revoke at the issuer that issued
 * the login, then delete the keys), and what `fleet status` shows.
 */
import { CodexAuthError } from '../errors.js';
import { FLEET } from '../messages/fleet.js';
import type { AuthDotJson } from '../store/types.js';
import type { FleetClient } from './client.js';
import { openRefreshToken, sealRefreshToken } from './crypto.js';
import { accessFields, pairs, parseAccess, type AccessRecord } from './records.js';
import { LOGOUT, PUSH } from './scripts.js';
import type { FleetRevokeFn } from './types.js';

export interface Endpoints {
  refreshUrl: string;
  refreshClientId: string;
  revokeUrl: string;
  revokeClientId: string;
}

function requireKey(fleet: FleetClient) {
  const key = fleet.deps.key;
  if (!key) throw new CodexAuthError('fleet.key_required', FLEET.keyRequired);
  return key;
}

/** Stores `doc`'s ChatGPT login as the fleet's next generation; resolves that generation. */
export async function pushLogin(fleet: FleetClient, doc: AuthDotJson, endpoints: Endpoints): Promise<number> {
  const key = requireKey(fleet);
  const t = doc.tokens;
  if (!t?.refresh_token || !t.access_token) throw new CodexAuthError('fleet.push_not_chatgpt', FLEET.pushNotChatgpt);
  const { redis, now, memberId } = fleet.deps;
  const k = fleet.keys;
  let prev = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const fields = accessFields({
      accessToken: t.access_token,
      idToken: t.id_token,
      accountId: t.account_id ?? null,
      lastRefresh: typeof doc.last_refresh === 'string' ? doc.last_refresh : new Date(now()).toISOString(),
      ...endpoints,
      madeBy: memberId,
      madeAt: now(),
      madeHow: 'push',
    });
    const sealed = sealRefreshToken(key, prev + 1, t.refresh_token);
    const r = (await redis.eval(PUSH, [k.secret, k.access, k.lease, k.events, k.members], [String(prev), sealed, key.id, String(now()), memberId, ...fields])) as string[];
    if (r[0] === 'ok') return Number(r[1]);
    prev = Number(r[1]);
  }
  throw new CodexAuthError('fleet.busy', FLEET.redisRefused(fleet.deps.config.displayUrl, 'the fleet kept changing during the push'));
}

export interface LogoutResult {
  /** False when the fleet held no login. */
  hadLogin: boolean;
  revoked: boolean;
}

/** Revokes the fleet's refresh token at its issuer (best effort, 10 s), then deletes the fleet's keys. */
export async function logoutFleet(fleet: FleetClient, revoke: FleetRevokeFn, warn: (m: string) => void): Promise<LogoutResult> {
  const key = requireKey(fleet);
  const { redis } = fleet.deps;
  const k = fleet.keys;
  const secret = pairs(await redis.call(['HGETALL', k.secret]));
  const rec = await fleet.read();
  const gen = Number(secret['gen']);
  let revoked = false;
  if (rec && secret['rt'] && Number.isSafeInteger(gen)) {
    try {
      const token = openRefreshToken(key, gen, secret['rt']);
      await revoke({ url: rec.revokeUrl, token, tokenTypeHint: 'refresh_token', clientId: rec.revokeClientId, signal: AbortSignal.timeout(10_000) });
      revoked = true;
    } catch (e) {
      warn(e instanceof CodexAuthError ? e.message : 'the revoke request failed');
    }
  }
  await redis.eval(LOGOUT, [k.secret, k.access, k.lease, k.events], ['']);
  return { hadLogin: rec !== null, revoked };
}

export interface FleetStatus {
  record: AccessRecord | null;
  /** Raw state when there is no record (`logged_out`, or none). */
  members?: Array<{ member: string; seenAt: number }>;
  leaseHeld?: boolean;
}

/** What `fleet status` shows; parts a runner's ACL does not allow are left out. */
export async function readStatus(fleet: FleetClient): Promise<FleetStatus> {
  const { redis, now } = fleet.deps;
  const rec = parseAccess(pairs(await redis.call(['HGETALL', fleet.keys.access])));
  const out: FleetStatus = { record: rec };
  try {
    const m = (await redis.call(['ZRANGEBYSCORE', fleet.keys.members, String(now() - 86_400_000), '+inf', 'WITHSCORES'])) as string[];
    out.members = [];
    for (let i = 0; i + 1 < m.length; i += 2) out.members.push({ member: m[i]!, seenAt: Number(m[i + 1]) });
  } catch {
    // runners may not read the member list
  }
  try {
    out.leaseHeld = (await redis.call(['EXISTS', fleet.keys.lease])) === 1;
  } catch {
    // nor the lease
  }
  return out;
}
