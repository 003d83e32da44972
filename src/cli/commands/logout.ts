// `codex-auth logout`: auth/logout.ts (revoke, best effort, then delete from every store; spec
// §3.6, §9.2). `Successfully logged out` / `Not logged in` exit 0; `Error logging out: …` exit 1.
import { logoutWithRevoke } from '../../auth/logout.js';
import { isCodexAuthError } from '../../errors.js';
import { LOGOUT } from '../../messages/status.js';
import { loadCliConfig, type ConfigArgs } from '../config-args.js';
import type { CliIO } from '../io.js';
import { cliRevoker } from '../revoke.js';
import { openConfiguredStore, storeAccess } from '../store-access.js';

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
  const revoker = cliRevoker(io);
  try {
    const access = storeAccess(io);
    removed = await logoutWithRevoke({
      store: await openConfiguredStore(config, access),
      codexHome: config.codexHome,
      env: io.env,
      revoke: revoker.revoke,
      warn: access.warn,
      // Like the reference: an unreadable store is simply deleted (no extra output).
      warnUnreadable: false,
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${LOGOUT.errorPrefix}${e.message}\n`);
    return 1;
  } finally {
    await revoker.close();
  }
  io.stderr.write(`${removed ? LOGOUT.success : LOGOUT.notLoggedIn}\n`);
  return 0;
}
