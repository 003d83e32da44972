/** Builds the credential store a `cli_auth_credentials_store` setting names (spec §3). */
import type { Env } from '../env.js';
import { AutoStore } from './auto-store.js';
import { EphemeralStore } from './ephemeral-store.js';
import { FileStore } from './file-store.js';
import type { KeyringBackend } from './keyring-backend.js';
import { KeyringStore } from './keyring-store.js';
import type { CredentialStore, StoreKind } from './types.js';

export interface CreateStoreOptions {
  kind: StoreKind;
  /** The resolved CODEX_HOME (see resolveCodexHome). */
  codexHome: string;
  /** Non-fatal problems (auto store fell back to auth.json, …); the CLI prints them on stderr. */
  warn?: (message: string) => void;
  /** Per-call keyring timeout (default 3 s). */
  keyringTimeoutMs?: number;
  /** Environment for the keyring helper (D-Bus address); default: this process's. */
  env?: Env;
  /** Replaces the real keyring (tests). */
  keyringBackend?: KeyringBackend;
  /** Told when auth.lock is held by another process for more than a second (the CLI: a stderr line). */
  onLockWait?: () => void;
}

export function createStore(opts: CreateStoreOptions): CredentialStore {
  const { codexHome } = opts;
  const keyringOpts = {
    codexHome,
    ...(opts.keyringTimeoutMs !== undefined && { timeoutMs: opts.keyringTimeoutMs }),
    ...(opts.env && { env: opts.env }),
    ...(opts.keyringBackend && { backend: opts.keyringBackend }),
    ...(opts.warn && { warn: opts.warn }),
    ...(opts.onLockWait && { onLockWait: opts.onLockWait }),
  };
  switch (opts.kind) {
    case 'file':
      return new FileStore({ codexHome, ...(opts.onLockWait && { onLockWait: opts.onLockWait }) });
    case 'keyring':
      return new KeyringStore(keyringOpts);
    case 'auto':
      return new AutoStore(keyringOpts);
    case 'ephemeral':
      return new EphemeralStore({ codexHome });
  }
}
