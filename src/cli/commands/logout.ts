// `codex-auth logout`: revoke (best effort, see ../revoke.ts) then delete from every store
// (spec §3.6, §9.2). `Successfully logged out` / `Not logged in` exit 0; `Error logging out: …` exit 1.
import { isCodexAuthError } from '../../errors.js';
import { LOGOUT } from '../../messages/status.js';
import { loadCliConfig, type ConfigArgs } from '../config-args.js';
import type { CliIO } from '../io.js';
import { revokeBeforeDelete } from '../revoke.js';
import { deleteFromAllStores, openConfiguredStore, storeAccess } from '../store-access.js';

export interface LogoutOptions {
  io: CliIO;
  configArgs: ConfigArgs;
}

export async function run(opts: LogoutOptions): Promise<number> {
  const { io } = opts;
  const loaded = await loadCliConfig(io, opts.configArgs);
  if (!loaded.ok) return loaded.exitCode;
  const config = loaded.config;
  let removed: boolean;
  try {
    const access = storeAccess(io);
    await revokeBeforeDelete({ io, config, store: await openConfiguredStore(config, access) });
    removed = await deleteFromAllStores(config, access);
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${LOGOUT.errorPrefix}${e.message}\n`);
    return 1;
  }
  io.stderr.write(`${removed ? LOGOUT.success : LOGOUT.notLoggedIn}\n`);
  return 0;
}
