// `codex-auth fleet logout`: revokes the fleet's login at the issuer that issued it (best effort,
// 10 s; a failure is a warning) and deletes the fleet's keys; every member then reports that it
// is not logged in. Needs the key file. Exit 0 (also when the fleet held nothing), 1 on errors.
import { logoutFleet } from '../../fleet/admin.js';
import { FLEET } from '../../messages/fleet.js';
import { openCliFleet } from '../fleet-open.js';
import type { CliIO } from '../io.js';

export async function run(opts: { io: CliIO }): Promise<number> {
  const { io } = opts;
  const f = await openCliFleet(io);
  try {
    const r = await logoutFleet(f.fleet, f.revoke, (m) => io.stderr.write(`Warning: ${m}\n`));
    const name = f.config.name;
    io.stderr.write(`${!r.hadLogin ? FLEET.loggedOutNothing(name) : r.revoked ? FLEET.loggedOut(name) : FLEET.loggedOutNotRevoked(name)}\n`);
    return 0;
  } finally {
    await f.close();
  }
}
