/**
 * The fleet as a credential source for auth/'s AuthManager (createAuthManager uses it when
 * CODEX_AUTH_FLEET_URL is set). It plugs into the manager's existing seams, so proactive refresh,
 * 401 recovery and single-flight work as for a local login:
 * - `store`: loads the fleet's current generation as an auth.json document whose refresh token is
 *   a placeholder naming the generation (records.ts) — from memory or the local cache while not
 *   due, else from Redis (one round trip); `save` keeps the local cache; `delete` drops it.
 * - `refreshTokens`: a refresh of the placeholder is a fleet refresh from that generation
 *   (client.ts): exactly once fleet-wide, adopted by everyone else.
 * - `revoke`: nothing shared is revoked by one member's logout (`codex-auth fleet logout` does).
 * - `withLock`: no local lock; the fleet's lease coordinates every process on every host.
 */
import { CodexAuthError } from '../errors.js';
import { FLEET } from '../messages/fleet.js';
import type { CredentialStore } from '../store/types.js';
import { cachePath, dropCache, readCache, writeCache } from './cache.js';
import type { FleetClient } from './client.js';
import { docOf } from './doc.js';
import { isFleetPermanent } from './errors.js';
import { generationOfPlaceholder, placeholderRefreshToken, type AccessRecord } from './records.js';
import type { RefreshedTokens, RefreshReason } from './types.js';

export interface FleetCredentials {
  store: CredentialStore;
  refreshTokens: (call: { refreshToken: string; reason: RefreshReason }) => Promise<RefreshedTokens>;
  revoke: (call: { token: string }) => Promise<void>;
  withLock: <T>(path: string, fn: () => Promise<T>) => Promise<T>;
  /** How long a refresh may wait for the fleet (the AuthManager waits this long, not its own default). */
  maxWaitMs: number;
  /** The record last served (for `login status`). */
  last(): AccessRecord | undefined;
  close(): Promise<void>;
}

export function fleetCredentials(fleet: FleetClient, codexHome: string): FleetCredentials {
  const path = cachePath(codexHome, fleet.deps.config);
  let memory: AccessRecord | undefined;
  const keep = async (rec: AccessRecord) => {
    const changed = memory?.gen !== rec.gen || memory.accessToken !== rec.accessToken;
    memory = rec;
    if (changed) await writeCache(path, rec).catch(() => {}); // a cache that cannot be written only costs a round trip
  };
  const store: CredentialStore = {
    kind: 'file',
    async load() {
      if (memory && !fleet.isDue(memory)) return docOf(memory);
      const cached = memory ? undefined : await readCache(path);
      if (cached && !fleet.isDue(cached)) {
        memory = cached;
        return docOf(cached);
      }
      const rec = await fleet.read();
      if (!rec) {
        memory = undefined;
        await dropCache(path);
        return null;
      }
      if (rec.state === 'needs_push') throw new CodexAuthError('fleet.needs_push', FLEET.needsPush(fleet.deps.config.name, rec.reason ?? ''));
      await keep(rec);
      return docOf(rec);
    },
    async save() {
      // The fleet committed the generation already; the cache was written when it was served.
    },
    async delete() {
      memory = undefined;
      return dropCache(path);
    },
  };
  return {
    store,
    async refreshTokens(call) {
      const fromGen = generationOfPlaceholder(call.refreshToken);
      if (fromGen === undefined) throw new CodexAuthError('fleet.not_fleet_token', FLEET.needsPush(fleet.deps.config.name, 'the credentials are not the fleet\'s'));
      // A refused access token (401) or an explicit refresh() spends the generation even when not due.
      let rec: AccessRecord;
      try {
        rec = await fleet.refresh({ fromGen, force: call.reason === 'unauthorized_recovery' || call.reason === 'forced' });
      } catch (e) {
        // For the AuthManager, a fleet that cannot serve until a push is a refresh token that cannot be used again.
        if (isFleetPermanent(e)) throw new CodexAuthError('oauth.refresh_permanent', e.message, { cause: e, details: { reason: 'other' } });
        throw e;
      }
      await keep(rec);
      return { accessToken: rec.accessToken, idToken: rec.idToken, refreshToken: placeholderRefreshToken(rec.gen) };
    },
    async revoke() {
      // A member's logout forgets its local copy; the fleet's login stays (see `fleet logout`).
    },
    withLock: (_path, fn) => fn(),
    maxWaitMs: fleet.maxWaitMs,
    last: () => memory,
    close: () => fleet.close(),
  };
}
