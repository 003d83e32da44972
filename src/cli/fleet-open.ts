// The CLI's door to src/fleet/: the fleet of the command's environment, with refresh and revoke
// going through a transport created on first use (net/'s CA and proxy policy), and the due rule
// of auth/refresh-policy.ts. Every fleet command closes it (Redis connection, transport).
import { refreshDueAt } from '../auth/refresh-policy.js';
import { oauthRefresh, oauthRevoke } from '../auth/oauth-calls.js';
import { tokenTimes } from '../auth/token-claims.js';
import { CodexAuthError } from '../errors.js';
import type { FleetClient } from '../fleet/client.js';
import { fleetConfigFrom, type FleetConfig } from '../fleet/config.js';
import { openFleet } from '../fleet/open.js';
import { docOf } from '../fleet/doc.js';
import type { FleetRevokeFn } from '../fleet/types.js';
import { FLEET } from '../messages/fleet.js';
import type { FetchLike, Transport } from '../net/types.js';
import type { CliIO } from './io.js';

export interface CliFleet {
  fleet: FleetClient;
  config: FleetConfig;
  revoke: FleetRevokeFn;
  close(): Promise<void>;
}

export function cliFleetConfig(io: CliIO): FleetConfig {
  const config = fleetConfigFrom(io.env);
  if (!config) throw new CodexAuthError('fleet.not_configured', FLEET.notConfigured);
  return config;
}

export async function openCliFleet(io: CliIO): Promise<CliFleet> {
  const config = cliFleetConfig(io);
  let transport: Promise<Transport> | undefined;
  const warn = (m: string) => io.stderr.write(`${m}\n`);
  const net = () => (transport ??= import('../net/transport.js').then((m) => m.createTransport({ env: io.env, strictCa: false, warn })));
  const fetch: FetchLike = async (input, init) => (await net()).fetch(input, init);
  const fleet = await openFleet({
    config,
    env: io.env,
    now: io.now,
    refresh: oauthRefresh(fetch, io.env),
    dueAt: (rec) => refreshDueAt(tokenTimes(docOf(rec))),
    onPause: (line) => io.stderr.write(line),
  });
  return {
    fleet,
    config,
    revoke: oauthRevoke(fetch, io.env),
    async close() {
      await fleet.close().catch(() => {});
      if (transport) await (await transport).close().catch(() => {});
    },
  };
}
