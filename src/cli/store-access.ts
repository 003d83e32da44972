// The CLI's one door to src/store/: resolve CODEX_HOME, open the configured credential store,
// delete from every store (spec §3.6).
// GAP until the store branch adds them: the keyring and auto stores (a clear error for now) and
// the process-wide ephemeral store (a per-process one here: the CLI runs one command per process,
// so it behaves the same).
import { homedir } from 'node:os';
import type { Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import type { AuthConfig } from '../config/types.js';
import { resolveCodexHome } from '../store/codex-home.js';
import { FileStore } from '../store/file-store.js';
import type { AuthDotJson, CredentialStore, StoreKind } from '../store/types.js';

/** CODEX_HOME, or `<home>/.codex`; CodexAuthError `store.codex_home` with the reference's text. */
export function resolveHome(env: Env): string {
  return resolveCodexHome({ env, homedir: homedir() });
}

class ProcessEphemeralStore implements CredentialStore {
  readonly kind: StoreKind = 'ephemeral';
  private doc: AuthDotJson | null = null;
  async load(): Promise<AuthDotJson | null> {
    return this.doc;
  }
  async save(doc: AuthDotJson): Promise<void> {
    this.doc = doc;
  }
  async delete(): Promise<boolean> {
    const had = this.doc !== null;
    this.doc = null;
    return had;
  }
}

/** The store `cli_auth_credentials_store` names. */
export async function openConfiguredStore(config: AuthConfig, _env: Env): Promise<CredentialStore> {
  switch (config.credentialsStore) {
    case 'file':
      return new FileStore({ codexHome: config.codexHome });
    case 'ephemeral':
      return new ProcessEphemeralStore();
    default:
      throw new CodexAuthError(
        'store.unavailable',
        `the ${config.credentialsStore} credential store is not available in this build yet; use -c cli_auth_credentials_store=file`,
      );
  }
}

/** Logout's delete (spec §3.6): the ephemeral entry and, unless ephemeral, the configured store. */
export async function deleteFromAllStores(config: AuthConfig, env: Env): Promise<boolean> {
  const store = await openConfiguredStore(config, env);
  return store.delete();
}
