/**
 * The `auto` credential store (spec §3.4): the keyring first, auth.json when the keyring has
 * nothing or fails. Unlike the reference (which only logs), every keyring failure is reported
 * through `warn`, and delete without a usable keyring still deletes auth.json and succeeds (the
 * reference fails and leaves the file: observed §6).
 */
import { isCodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { FileStore } from './file-store.js';
import { KeyringStore, type KeyringStoreOptions } from './keyring-store.js';
import type { AuthDotJson, CredentialStore } from './types.js';

export interface AutoStoreOptions extends KeyringStoreOptions {
  warn?: (message: string) => void;
}

export class AutoStore implements CredentialStore {
  readonly kind = 'auto' as const;
  private readonly keyring: KeyringStore;
  private readonly file: FileStore;
  private readonly warn: (message: string) => void;

  constructor(opts: AutoStoreOptions) {
    this.warn = opts.warn ?? (() => {});
    this.keyring = new KeyringStore({ ...opts, warn: this.warn });
    this.file = new FileStore({ codexHome: opts.codexHome, ...(opts.onLockWait && { onLockWait: opts.onLockWait }) });
  }

  /** Runs a keyring step; a keyring (or keyring-data) error becomes a warning and `undefined`. */
  private async tryKeyring<T>(step: () => Promise<T>, warning: (what: string) => string): Promise<T | undefined> {
    try {
      return await step();
    } catch (e) {
      if (!isCodexAuthError(e)) throw e;
      this.warn(warning(e.message));
      return undefined;
    }
  }

  async load(): Promise<AuthDotJson | null> {
    const doc = await this.tryKeyring(() => this.keyring.load(), (what) => STORE.autoFallback(what, this.file.path));
    return doc ?? this.file.load();
  }

  async save(doc: AuthDotJson): Promise<void> {
    const saved = await this.tryKeyring(
      async () => {
        await this.keyring.save(doc);
        return true;
      },
      (what) => STORE.autoFallback(what, this.file.path),
    );
    if (!saved) await this.file.save(doc);
  }

  async delete(): Promise<boolean> {
    const entry = await this.tryKeyring(() => this.keyring.deleteEntry(), (what) => STORE.autoDeleteKeyring(what, this.file.path));
    const fileRemoved = await this.file.delete();
    return entry === true || fileRemoved;
  }
}
