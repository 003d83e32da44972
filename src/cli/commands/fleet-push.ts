// `codex-auth fleet push`: moves this machine's ChatGPT login into the fleet as its next
// generation (a push always repairs a broken fleet), then removes the local copy, so this
// machine keeps no refresh token. Refuses API keys (one line, exit 1). Needs the key file.
import { refreshEndpointFor } from '../../auth/endpoints.js';
import { revokeEndpoint } from '../../auth/revoke.js';
import { deleteFromAllStores } from '../../store/logout-all.js';
import { resolveAuthMode } from '../../store/auth-mode.js';
import { pushLogin } from '../../fleet/admin.js';
import { FLEET } from '../../messages/fleet.js';
import { STATUS } from '../../messages/status.js';
import { loadCliConfig, NO_CONFIG_ARGS } from '../config-args.js';
import { cliFleetConfig, openCliFleet } from '../fleet-open.js';
import type { CliIO } from '../io.js';
import { openConfiguredStore, storeAccess } from '../store-access.js';

export async function run(opts: { io: CliIO }): Promise<number> {
  const { io } = opts;
  cliFleetConfig(io); // a missing or bad URL is reported before anything else
  const loaded = await loadCliConfig(io, NO_CONFIG_ARGS);
  if (!loaded.ok) return loaded.exitCode;
  const access = storeAccess(io);
  const doc = await (await openConfiguredStore(loaded.config, access)).load();
  if (!doc) {
    io.stderr.write(`${STATUS.notLoggedIn}\n`);
    return 1;
  }
  const mode = resolveAuthMode(doc);
  if (mode === 'apikey') {
    io.stderr.write(`${FLEET.errorPrefix}${FLEET.pushApiKey}\n`);
    return 1;
  }
  if (mode !== 'chatgpt' || !doc.tokens?.refresh_token) {
    io.stderr.write(`${FLEET.errorPrefix}${FLEET.pushNotChatgpt}\n`);
    return 1;
  }
  const f = await openCliFleet(io);
  try {
    const refresh = refreshEndpointFor(io.env)(doc);
    const revoke = revokeEndpoint(io.env, doc); // the issuer that issued this login
    const gen = await pushLogin(f.fleet, doc, { refreshUrl: refresh.url, refreshClientId: refresh.clientId, revokeUrl: revoke.url, revokeClientId: revoke.clientId });
    try {
      await deleteFromAllStores({ kind: loaded.config.credentialsStore, codexHome: loaded.config.codexHome, env: io.env, warn: access.warn });
    } catch (e) {
      io.stderr.write(`${FLEET.pushLocalKept(e instanceof Error ? e.message : 'unknown error')}\n`);
    }
    io.stderr.write(`${FLEET.pushed(f.config.name, f.config.displayUrl, gen)}\n`);
    return 0;
  } finally {
    await f.close();
  }
}
