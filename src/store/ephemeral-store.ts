/**
 * The `ephemeral` credential store (spec §3.5): a process-local map keyed by the canonical
 * CODEX_HOME (what `storeKey` hashes: the same homes share an entry, without loading node:crypto
 * on the `login status` path). Nothing touches disk; the credentials vanish when the process exits. Documents are copied in
 * and out, so callers cannot change what is stored by mutating an object.
 */
import { canonicalCodexHome, storeKey } from './codex-home.js';
import type { AuthDotJson, CredentialStore } from './types.js';

const entries = new Map<string, AuthDotJson>();

export class EphemeralStore implements CredentialStore {
  readonly kind = 'ephemeral' as const;
  private readonly home: string;

  constructor(opts: { codexHome: string }) {
    this.home = canonicalCodexHome(opts.codexHome);
  }

  /** The keyring-style label of this store's CODEX_HOME (`storeKey`). */
  get key(): string {
    return storeKey(this.home);
  }

  async load(): Promise<AuthDotJson | null> {
    const doc = entries.get(this.home);
    return doc === undefined ? null : structuredClone(doc);
  }

  async save(doc: AuthDotJson): Promise<void> {
    entries.set(this.home, structuredClone(doc));
  }

  async delete(): Promise<boolean> {
    return entries.delete(this.home);
  }
}
