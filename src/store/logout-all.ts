/**
 * "Logout all stores" (spec §3.6): the ephemeral entry always, and the configured store unless it
 * is the ephemeral one (file ⇒ auth.json; keyring ⇒ entry + auth.json; auto ⇒ both, even when
 * the keyring is unavailable). Resolves true if anything existed anywhere.
 */
import { createStore, type CreateStoreOptions } from './create-store.js';
import { EphemeralStore } from './ephemeral-store.js';

export async function deleteFromAllStores(opts: CreateStoreOptions): Promise<boolean> {
  const ephemeral = await new EphemeralStore({ codexHome: opts.codexHome }).delete();
  if (opts.kind === 'ephemeral') return ephemeral;
  const configured = await createStore(opts).delete();
  return ephemeral || configured;
}
