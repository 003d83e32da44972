/**
 * "Logout all stores" (spec §3.6), the one place that rule lives (the CLI's logout and the
 * AuthManager's both come here): the ephemeral entry always, and the configured store unless it
 * is the ephemeral one (file ⇒ auth.json, through a link the credentials it points to as well;
 * keyring ⇒ entry + auth.json; auto ⇒ both, even when the keyring is unavailable). Resolves true
 * if anything existed anywhere.
 */
import { createStore, type CreateStoreOptions } from './create-store.js';
import { EphemeralStore } from './ephemeral-store.js';
import type { CredentialStore } from './types.js';

export interface EveryStoreOptions {
  /** The ephemeral store of the same CODEX_HOME; else opened from `codexHome`. */
  ephemeral?: CredentialStore;
  codexHome?: string;
}

export async function deleteFromEveryStore(configured: CredentialStore, o: EveryStoreOptions = {}): Promise<boolean> {
  const ephemeral = o.ephemeral ?? (o.codexHome !== undefined ? new EphemeralStore({ codexHome: o.codexHome }) : undefined);
  const removedEphemeral = ephemeral && ephemeral !== configured ? await ephemeral.delete() : false;
  const removed = configured.kind === 'ephemeral' && ephemeral && ephemeral !== configured ? false : await configured.delete();
  return removed || removedEphemeral;
}

export async function deleteFromAllStores(opts: CreateStoreOptions): Promise<boolean> {
  return deleteFromEveryStore(createStore(opts), { codexHome: opts.codexHome });
}
