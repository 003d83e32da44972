// `codex-auth login status` when CODEX_AUTH_FLEET_URL is set: the fleet's login (read, never
// refreshed), and one more line saying that the fleet is used. Null: "Not logged in".
import { isStoredAuthAllowed } from '../config/policy.js';
import type { AuthConfig } from '../config/types.js';
import { needsPushError } from '../fleet/errors.js';
import { FLEET } from '../messages/fleet.js';
import { STATUS } from '../messages/status.js';
import { openCliFleet } from './fleet-open.js';
import type { CliIO } from './io.js';

export async function fleetStatusLines(io: CliIO, config: AuthConfig): Promise<string[] | null> {
  const f = await openCliFleet(io);
  try {
    const rec = await f.fleet.read();
    if (!rec || !isStoredAuthAllowed(config, 'chatgpt')) return null;
    if (rec.state === 'needs_push') throw needsPushError(f.config.name, rec.reason);
    return [STATUS.chatgpt, FLEET.usingFleet(f.config.name, f.config.displayUrl, rec.gen)];
  } finally {
    await f.close();
  }
}
