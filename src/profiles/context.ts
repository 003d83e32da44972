/**
 * What every profile operation works with, built once by its caller (cli/, auth/create.ts): the
 * CODEX_HOME, the configured store (where the current login lives) and the profile storage that
 * follows it, our refresh lock of the current login, and the injected env, clock and warnings.
 */
import type { Clock, Env } from '../env.js';
import type { KeyringStore } from '../store/keyring-store.js';
import type { CredentialStore, StoreKind } from '../store/types.js';
import type { ProfileStorage } from './storage.js';

export interface ProfileContext {
  codexHome: string;
  kind: StoreKind;
  /** The configured credential store: the current login. */
  store: CredentialStore;
  /** Its keyring entry (store `keyring`/`auto`), written directly while the commit locks are held. */
  keyring?: KeyringStore;
  storage: ProfileStorage;
  /** Our refresh lock of the current login (auth/refresh-lock-path.ts). */
  refreshLock: string;
  env: Env;
  now: Clock;
  warn: (message: string) => void;
}

export interface CreateProfileContextOptions {
  codexHome: string;
  kind: StoreKind;
  store: CredentialStore;
  refreshLock: string;
  env: Env;
  now: Clock;
  warn: (message: string) => void;
}

export async function createProfileContext(o: CreateProfileContextOptions): Promise<ProfileContext> {
  const { ProfileStorage } = await import('./storage.js');
  const storage = new ProfileStorage({ codexHome: o.codexHome, kind: o.kind, now: o.now, env: o.env, warn: o.warn });
  let keyring: KeyringStore | undefined;
  if (o.kind === 'keyring' || o.kind === 'auto') {
    const { KeyringStore } = await import('../store/keyring-store.js');
    keyring = new KeyringStore({ codexHome: o.codexHome, env: o.env, warn: o.warn });
  }
  return { ...o, storage, ...(keyring ? { keyring } : {}) };
}
