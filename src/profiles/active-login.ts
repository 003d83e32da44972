/**
 * The current login (auth.json, or the keyring entry for `keyring`/`auto`) read and replaced
 * while the caller already holds the official CLI's commit locks (locks.ts). The stores' own
 * save() takes those locks itself, so here the same writes are made without them: auth.json by
 * atomic replace of the real (symlink-resolved) file, the keyring entry by one set — then
 * auth.json is removed, as the keyring store does after a save.
 */
import { unlink } from 'node:fs/promises';
import { isCodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { serializeAuthDotJson } from '../store/auth-dot-json.js';
import { readAuthJson } from '../store/file-store.js';
import { KeyringStore } from '../store/keyring-store.js';
import type { AuthDotJson, CredentialStore, StoreKind } from '../store/types.js';

export interface ActiveLoginOptions {
  kind: StoreKind;
  /** The real auth.json path (withCredentialLocks hands it over). */
  realAuthJson: string;
  /** The configured store (for the keyring variants). */
  store: CredentialStore;
  keyring?: KeyringStore;
  warn: (message: string) => void;
}

export async function readActive(o: ActiveLoginOptions): Promise<AuthDotJson | null> {
  if (o.kind === 'file') return readAuthJson(o.realAuthJson);
  return o.store.load(); // the keyring (auto: then auth.json); lock-free reads
}

async function removeAuthJson(path: string): Promise<void> {
  await unlink(path).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  });
}

export async function writeActive(o: ActiveLoginOptions, doc: AuthDotJson): Promise<void> {
  if (o.kind === 'file' || !o.keyring) {
    await writeFileAtomic(o.realAuthJson, serializeAuthDotJson(doc));
    return;
  }
  try {
    await o.keyring.saveEntry(doc);
  } catch (e) {
    if (o.kind !== 'auto' || !isCodexAuthError(e)) throw e;
    o.warn(STORE.autoFallback(e.message, o.realAuthJson));
    await writeFileAtomic(o.realAuthJson, serializeAuthDotJson(doc));
    return;
  }
  await removeAuthJson(o.realAuthJson).catch((e: unknown) => o.warn(STORE.deleteAfterKeyringSave(o.realAuthJson, (e as Error).message)));
}
