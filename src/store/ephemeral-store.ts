/**
 * The `ephemeral` credential store (spec §3.5): a process-local map keyed by `storeKey(codexHome)`.
 * Nothing touches disk; the credentials vanish when the process exits. Documents are copied in
 * and out, so callers cannot change what is stored by mutating an object.
 */
import { storeKey } from './codex-home.js';
import type { AuthDotJson, CredentialStore } from './types.js';

const entries = new Map<string, AuthDotJson>();

export class EphemeralStore implements CredentialStore {
  readonly kind = 'ephemeral' as const;
  readonly key: string;

  constructor(opts: { codexHome: string }) {
    this.key = storeKey(opts.codexHome);
  }

  async load(): Promise<AuthDotJson | null> {
    const doc = entries.get(this.key);
    return doc === undefined ? null : structuredClone(doc);
  }

  async save(doc: AuthDotJson): Promise<void> {
    entries.set(this.key, structuredClone(doc));
  }

  async delete(): Promise<boolean> {
    return entries.delete(this.key);
  }
}
