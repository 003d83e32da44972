// The CLI's one door to src/store/: resolve CODEX_HOME, open the configured credential store.
// (Deleting from every store: store/logout-all.ts, via auth/logout.ts.) Store warnings (e.g. the auto store falling back to
// auth.json) go to stderr.
import { homedir } from 'node:os';
import type { Env } from '../env.js';
import type { AuthConfig } from '../config/types.js';
import { codexHomeFromEnv } from '../store/codex-home.js';
import { EphemeralStore } from '../store/ephemeral-store.js';
import { FileStore } from '../store/file-store.js';
import type { CredentialStore } from '../store/types.js';
import { STORE } from '../messages/store.js';
import type { CliIO } from './io.js';

/** CODEX_HOME, or `<home>/.codex`; CodexAuthError `store.codex_home` with the reference's text. */
export function resolveHome(env: Env): string {
  return codexHomeFromEnv(env, homedir);
}

export interface StoreAccessOptions {
  env: Env;
  /** Where non-fatal store problems are reported (one line each). */
  warn: (message: string) => void;
}

/** Store access for a command: its env, warnings as stderr lines. */
export function storeAccess(io: CliIO): StoreAccessOptions {
  return { env: io.env, warn: (message) => io.stderr.write(`${message}\n`) };
}

/** The store `cli_auth_credentials_store` names (the keyring code is loaded only when used). */
export async function openConfiguredStore(config: AuthConfig, opts: StoreAccessOptions): Promise<CredentialStore> {
  const { credentialsStore: kind, codexHome } = config;
  const onLockWait = () => opts.warn(STORE.waitingForLock);
  if (kind === 'file') return new FileStore({ codexHome, onLockWait });
  if (kind === 'ephemeral') return new EphemeralStore({ codexHome });
  const { createStore } = await import('../store/create-store.js');
  return createStore({ kind, codexHome, env: opts.env, warn: opts.warn, onLockWait });
}
