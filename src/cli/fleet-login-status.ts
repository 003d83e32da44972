// `codex-auth login status` when CODEX_AUTH_FLEET_URL is set: the fleet's login (read, never
// refreshed), and one more line saying that the fleet is used.
import { isStoredAuthAllowed, policyOf } from '../config/policy.js';
import type { AuthConfig } from '../config/types.js';
import { needsPushError } from '../fleet/errors.js';
import { FLEET } from '../messages/fleet.js';
import { STATUS } from '../messages/status.js';
import { openCliFleet } from './fleet-open.js';
import type { CliIO } from './io.js';
import type { StoredStatus } from './stored-status.js';

export async function fleetStatus(io: CliIO, config: AuthConfig): Promise<StoredStatus> {
  const f = await openCliFleet(io);
  try {
    const rec = await f.fleet.read();
    if (!rec || !isStoredAuthAllowed(policyOf(config), 'chatgpt')) return { kind: 'notLoggedIn' };
    if (rec.state === 'needs_push') return { kind: 'error', message: needsPushError(f.config.name, rec.reason).message };
    return { kind: 'lines', lines: [STATUS.chatgpt, FLEET.usingFleet(f.config.name, f.config.displayUrl, rec.gen)] };
  } finally {
    await f.close();
  }
}
