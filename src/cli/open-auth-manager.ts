// Opens the CLI's AuthManager: the library's manager on the configured store and policy, with warnings
// on stderr. Used by `codex-auth token` and `codex-auth login status --json`.
import { createAuthManager, policyOf } from '../auth/create.js';
import type { AuthManager } from '../auth/manager.js';
import type { AuthConfig } from '../config/types.js';
import { envValue } from '../env.js';
import { createStore } from '../store/create-store.js';
import type { CliIO } from './io.js';

/** `profile`: a saved profile instead of the current login (default: CODEX_AUTH_PROFILE of io.env). */
export async function openAuthManager(io: CliIO, config: AuthConfig, profile?: string): Promise<AuthManager> {
  const warn = (m: string) => io.stderr.write(`${m}\n`);
  return createAuthManager({
    env: io.env,
    now: io.now,
    codexHome: config.codexHome,
    // With CODEX_AUTH_FLEET_URL the manager serves the fleet's login instead (auth/fleet-source.ts).
    ...(envValue(io.env, 'CODEX_AUTH_FLEET_URL') === undefined ? { store: createStore({ kind: config.credentialsStore, codexHome: config.codexHome, env: io.env, warn }) } : {}),
    policy: policyOf(config),
    ...(config.chatgptBaseUrl ? { chatgptBaseUrl: config.chatgptBaseUrl } : {}),
    warn,
    ...(profile !== undefined ? { profile } : {}),
  });
}
