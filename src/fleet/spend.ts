/**
 * Spending one generation, holding the lease (client.ts took it):
 * 1. MARK: still our lease, still generation `gen`, nobody spending it → mark it "being spent by
 *    us" and get its sealed refresh token. A mark left by someone whose lease ran out means that
 *    member stopped mid-refresh: the token may be spent, so BREAK (needs a new push) instead of
 *    presenting it again.
 * 2. One refresh request at the login's issuer, bounded by the request timeout (< the lease).
 * 3. COMMIT gen+1 over our own mark. An issuer that answered an error gets the generation back
 *    (RELEASE); a refused token or an unknown outcome BREAKs the fleet (a push repairs it).
 * Resolves the new record, or undefined to start over (the generation moved under us).
 */
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { FLEET } from '../messages/fleet.js';
import { parseIdToken } from '../oauth/id-token.js';
import { leaseMs } from './config.js';
import { openRefreshToken, sealRefreshToken } from './crypto.js';
import { definitelyNotSent, needsPushError } from './errors.js';
import { accessFields, type AccessRecord } from './records.js';
import { BREAK, COMMIT, MARK, RELEASE } from './scripts.js';
import type { FleetKeys } from './records.js';
import type { FleetDeps, RefreshedTokens } from './types.js';

export async function spendGeneration(fleet: { deps: FleetDeps; keys: FleetKeys }, rec: AccessRecord, owner: string): Promise<AccessRecord | undefined> {
  const { config, redis, key, now, pause } = fleet.deps;
  const k = fleet.keys;
  const leaseEnd = now() + leaseMs(config);
  const gen = String(rec.gen);
  const release = () => redis.eval(RELEASE, [k.secret, k.lease], [gen, owner]).catch(() => undefined);
  const breakFleet = async (reason: string): Promise<never> => {
    await redis.eval(BREAK, [k.access, k.lease, k.events], [gen, owner, reason]).catch(() => undefined);
    throw needsPushError(config.name, reason);
  };
  if (!key) throw new CodexAuthError('fleet.key_required', FLEET.keyRequired);

  await pause?.('after-lease');
  const m = (await redis.eval(MARK, [k.secret, k.lease], [gen, owner])) as string[];
  if (m[0] === 'lease') return undefined;
  if (m[0] === 'gen') {
    await release();
    return undefined;
  }
  if (m[0] === 'spending') return breakFleet(FLEET.reasonDiedMidRefresh);
  if (m[2] !== key.id) {
    await release();
    throw new CodexAuthError('fleet.key_mismatch', FLEET.keyMismatch);
  }
  let refreshToken: string;
  try {
    refreshToken = openRefreshToken(key, rec.gen, m[1] ?? '');
  } catch (e) {
    await release();
    throw e;
  }

  await pause?.('after-mark');
  let fresh: RefreshedTokens;
  try {
    fresh = await fleet.deps.refresh({
      url: rec.refreshUrl,
      clientId: rec.refreshClientId,
      refreshToken,
      reason: 'proactive_expiry',
      signal: AbortSignal.timeout(config.requestTimeoutMs),
    });
    if (fresh.idToken !== undefined) parseIdToken(fresh.idToken);
  } catch (e) {
    if (isCodexAuthError(e, 'oauth.refresh_permanent')) return breakFleet(FLEET.reasonIssuer(e.message));
    const status = isCodexAuthError(e, 'oauth.refresh_transient') ? e.details.status : undefined;
    const answered = typeof status === 'number' && status >= 400;
    if (answered || definitelyNotSent(e)) {
      await release(); // the issuer kept the token: the generation stays usable
      throw e;
    }
    return breakFleet(FLEET.reasonUnknownOutcome);
  }

  await pause?.('after-spend');
  const next: AccessRecord = {
    ...rec,
    gen: rec.gen + 1,
    state: 'ok',
    accessToken: fresh.accessToken ?? rec.accessToken,
    idToken: fresh.idToken ?? rec.idToken,
    lastRefresh: new Date(now()).toISOString(),
    madeBy: fleet.deps.memberId,
    madeAt: now(),
    madeHow: 'refresh',
  };
  delete next.reason;
  const sealed = sealRefreshToken(key, rec.gen + 1, fresh.refreshToken ?? refreshToken);
  const args = [gen, owner, sealed, String(now()), fleet.deps.memberId, ...accessFields(next)];
  // Redis may blink: keep trying while our lease lasts (the mark keeps everyone else off).
  for (;;) {
    try {
      const r = await redis.eval(COMMIT, [k.secret, k.access, k.lease, k.events, k.members], args);
      if (r === 'ok') return next;
      return undefined; // a push replaced the login meanwhile: its generation wins
    } catch (e) {
      if (!isCodexAuthError(e, 'fleet.unreachable') || now() + 250 >= leaseEnd) {
        throw new CodexAuthError('fleet.not_saved', FLEET.refreshNotSaved, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
