/**
 * The fleet's Redis layout (docs/fleet.md, "Records"). Everything lives under one prefix,
 * `codex-auth:fleet:<name>:`, so one Redis can hold several fleets and the ACLs can name them:
 *
 * - `access`  hash, readable by runners: gen, state, the access and id tokens, account, where the
 *             login refreshes and revokes, who refreshed last and when. Never the refresh token.
 * - `secret`  hash, members only: gen, the refresh token sealed (crypto.ts) for that gen, the key
 *             id, and `spending` = "<gen>:<owner>" while a member is spending that generation.
 * - `lease`   string "<owner>" (SET NX PX): who may spend the current generation now.
 * - `members` sorted set: member id → last time it pushed, refreshed or served as refresher.
 * - `events`  pub/sub channel: the new generation number after each commit / push / logout.
 */

export interface FleetKeys {
  access: string;
  secret: string;
  lease: string;
  members: string;
  events: string;
}

export function fleetKeys(prefix: string): FleetKeys {
  return { access: `${prefix}access`, secret: `${prefix}secret`, lease: `${prefix}lease`, members: `${prefix}members`, events: `${prefix}events` };
}

export type FleetState = 'ok' | 'needs_push';

/** The `access` hash, parsed. */
export interface AccessRecord {
  gen: number;
  state: FleetState;
  /** Why the fleet needs a new push (state needs_push). */
  reason?: string;
  accessToken: string;
  idToken: string;
  accountId: string | null;
  /** RFC 3339, as auth.json's last_refresh. */
  lastRefresh: string;
  refreshUrl: string;
  refreshClientId: string;
  revokeUrl: string;
  revokeClientId: string;
  /** The member (host) that made this generation, and when (ms). */
  madeBy: string;
  madeAt: number;
  /** How it was made: `push` or `refresh`. */
  madeHow: string;
}

/** Field/value pairs for HSET (the generation is set by the scripts). */
export function accessFields(r: Omit<AccessRecord, 'gen' | 'state' | 'reason'>): string[] {
  return [
    'access_token', r.accessToken,
    'id_token', r.idToken,
    'account_id', r.accountId ?? '',
    'last_refresh', r.lastRefresh,
    'refresh_url', r.refreshUrl,
    'refresh_client_id', r.refreshClientId,
    'revoke_url', r.revokeUrl,
    'revoke_client_id', r.revokeClientId,
    'made_by', r.madeBy,
    'made_at', String(r.madeAt),
    'made_how', r.madeHow,
  ];
}

/** HGETALL's flat reply as an object. */
export function pairs(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

/** The access record, or null when the fleet holds no login (nothing pushed, or logged out). */
export function parseAccess(h: Record<string, string>): AccessRecord | null {
  const gen = Number(h['gen']);
  if (!Number.isSafeInteger(gen) || gen < 1 || !h['access_token']) return null;
  return {
    gen,
    state: h['state'] === 'needs_push' ? 'needs_push' : 'ok',
    ...(h['reason'] ? { reason: h['reason'] } : {}),
    accessToken: h['access_token'],
    idToken: h['id_token'] ?? '',
    accountId: h['account_id'] ? h['account_id'] : null,
    lastRefresh: h['last_refresh'] ?? '',
    refreshUrl: h['refresh_url'] ?? '',
    refreshClientId: h['refresh_client_id'] ?? '',
    revokeUrl: h['revoke_url'] ?? '',
    revokeClientId: h['revoke_client_id'] ?? '',
    madeBy: h['made_by'] ?? '',
    madeAt: Number(h['made_at'] ?? 0),
    madeHow: h['made_how'] ?? '',
  };
}

/**
 * The refresh token handed to local consumers instead of the real one (auth/'s manager, `fleet
 * exec`'s child): it names the generation it stands for, so a refresh asked with it says which
 * generation the asker holds. It is worthless at any issuer.
 */
export function placeholderRefreshToken(gen: number): string {
  return `codex-auth-fleet-generation-${gen}`;
}

export function generationOfPlaceholder(token: string): number | undefined {
  const m = /^codex-auth-fleet-generation-(\d{1,15})$/.exec(token);
  return m ? Number(m[1]) : undefined;
}
