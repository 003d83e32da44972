/**
 * The AuthManager's credential source when CODEX_AUTH_FLEET_URL is set (fleet/, loaded only
 * then): the fleet's store, refresh and revoke in place of the local ones, with auth/'s rule for
 * when a token is due (refresh-policy.ts) and auth/'s OAuth refresh call.
 */
import type { Clock, Env } from '../env.js';
import type { FetchLike } from '../net/types.js';
import type { FleetCredentials } from '../fleet/source.js';
import { oauthRefresh } from './oauth-calls.js';
import { refreshDueAt } from './refresh-policy.js';
import { tokenTimes } from './token-claims.js';

export type { FleetCredentials };

export async function openFleetSource(o: { env: Env; now: Clock; fetch: FetchLike; codexHome: string; onPause?: (line: string) => void }): Promise<FleetCredentials | undefined> {
  const { fleetConfigFrom } = await import('../fleet/config.js');
  const config = fleetConfigFrom(o.env);
  if (!config) return undefined;
  const [{ openFleet }, { fleetCredentials }, { docOf }] = await Promise.all([import('../fleet/open.js'), import('../fleet/source.js'), import('../fleet/doc.js')]);
  const fleet = await openFleet({
    config,
    env: o.env,
    now: o.now,
    refresh: oauthRefresh(o.fetch, o.env),
    dueAt: (rec) => refreshDueAt(tokenTimes(docOf(rec))),
    ...(o.onPause ? { onPause: o.onPause } : {}),
  });
  return fleetCredentials(fleet, o.codexHome);
}
