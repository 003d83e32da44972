// The CLI's one door to src/store/: resolve CODEX_HOME, open the configured credential store,
// delete from every store (spec §3.6). INTERIM: until the store branch lands, this file carries a
// minimal file store so the commands can run; the merge replaces the bodies with store/ calls.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { envValue, type Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import type { AuthConfig } from '../config/types.js';
import type { AuthDotJson, CredentialStore, StoreKind } from '../store/types.js';

export function resolveHome(env: Env): string {
  const value = envValue(env, 'CODEX_HOME');
  if (value === undefined) return join(homedir(), '.codex');
  let isDir: boolean;
  try {
    isDir = statSync(value).isDirectory();
  } catch {
    throw new CodexAuthError('store.codex_home', `CODEX_HOME points to ${JSON.stringify(value)}, but that path does not exist`);
  }
  if (!isDir) throw new CodexAuthError('store.codex_home', `CODEX_HOME points to ${JSON.stringify(value)}, but that path is not a directory`);
  return realpathSync(value);
}

class InterimFileStore implements CredentialStore {
  readonly kind: StoreKind = 'file';
  constructor(private readonly file: string) {}
  async load(): Promise<AuthDotJson | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new CodexAuthError('store.read', `failed to read CLI auth from file: ${(e as Error).message}`);
    }
    try {
      return JSON.parse(text) as AuthDotJson;
    } catch (e) {
      throw new CodexAuthError('store.malformed', `failed to deserialize CLI auth from file: ${(e as Error).message}`);
    }
  }
  async save(doc: AuthDotJson): Promise<void> {
    await writeFile(this.file, JSON.stringify(doc, null, 2), { mode: 0o600 });
  }
  async delete(): Promise<boolean> {
    try {
      await rm(this.file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }
}

class EphemeralStore implements CredentialStore {
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
  if (config.credentialsStore === 'ephemeral') return new EphemeralStore();
  if (config.credentialsStore !== 'file') {
    throw new CodexAuthError('store.unavailable', `the ${config.credentialsStore} credential store is not available in this build yet`);
  }
  return new InterimFileStore(join(config.codexHome, 'auth.json'));
}

/** Logout's delete (spec §3.6): the ephemeral entry and, unless ephemeral, the configured store. */
export async function deleteFromAllStores(config: AuthConfig, env: Env): Promise<boolean> {
  const store = await openConfiguredStore(config, env);
  return store.delete();
}
