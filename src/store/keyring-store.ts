/**
 * The `keyring` credential store (spec §3.2, observed §6): service `Codex Auth`, account
 * `storeKey(codexHome)`, the document as compact JSON. Absent → null; an unreachable, locked or
 * hung Secret Service → CodexAuthError `store.keyring_unavailable` (never a hang: every call has
 * a timeout). save deletes auth.json; delete removes the entry and auth.json.
 */
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import type { Env } from '../env.js';
import { parseAuthDotJson, serializeAuthDotJsonCompact } from './auth-dot-json.js';
import { storeKey } from './codex-home.js';
import { FileStore } from './file-store.js';
import { subprocessKeyringBackend, type KeyringBackend, type KeyringRequest } from './keyring-backend.js';
import type { AuthDotJson, CredentialStore } from './types.js';

export const KEYRING_SERVICE = 'Codex Auth';
export const KEYRING_TIMEOUT_MS = 3_000;

export interface KeyringStoreOptions {
  codexHome: string;
  /** Told when auth.lock is held by another process for more than a second (FileStoreOptions). */
  onLockWait?: () => void;
  /** Per-call timeout (default 3 s). */
  timeoutMs?: number;
  /** Environment for the keyring helper (D-Bus address); default: this process's. */
  env?: Env;
  /** Replaces the real keyring (tests, other platforms). */
  backend?: KeyringBackend;
  /** Non-fatal problems (e.g. auth.json could not be removed after a keyring save). */
  warn?: (message: string) => void;
}

type Op = KeyringRequest['op'];
const WRAP: Record<Op, (detail: string) => string> = {
  get: STORE.keyringLoad,
  set: STORE.keyringSave,
  delete: STORE.keyringDelete,
};

export class KeyringStore implements CredentialStore {
  readonly kind = 'keyring' as const;
  readonly account: string;
  private readonly backend: KeyringBackend;
  private readonly timeoutMs: number;
  private readonly file: FileStore;

  constructor(private readonly opts: KeyringStoreOptions) {
    this.account = storeKey(opts.codexHome);
    this.backend = opts.backend ?? subprocessKeyringBackend(opts.env ? { env: opts.env } : {});
    this.timeoutMs = opts.timeoutMs ?? KEYRING_TIMEOUT_MS;
    this.file = new FileStore({ codexHome: opts.codexHome, ...(opts.onLockWait && { onLockWait: opts.onLockWait }) });
  }

  private async call(req: KeyringRequest): Promise<string | boolean | null> {
    const r = await this.backend.call(req, this.timeoutMs);
    if (r.ok) return r.value;
    const detail = r.kind === 'timeout' ? STORE.keyringTimeout(this.timeoutMs) : r.detail;
    throw new CodexAuthError('store.keyring_unavailable', WRAP[req.op](detail) + STORE.keyringHint, {
      details: { op: req.op, timeout: r.kind === 'timeout' },
    });
  }

  async load(): Promise<AuthDotJson | null> {
    const secret = await this.call({ op: 'get', service: KEYRING_SERVICE, account: this.account });
    if (typeof secret !== 'string') return null;
    return parseAuthDotJson(secret, { kind: 'keyring' });
  }

  /** The keyring entry only, auth.json untouched (for a caller already holding the commit locks). */
  async saveEntry(doc: AuthDotJson): Promise<void> {
    await this.call({ op: 'set', service: KEYRING_SERVICE, account: this.account, secret: serializeAuthDotJsonCompact(doc) });
  }

  async save(doc: AuthDotJson): Promise<void> {
    await this.saveEntry(doc);
    // The reference deletes the fallback auth.json after a keyring save; failing that is only a warning.
    try {
      await this.file.delete();
    } catch (e) {
      this.opts.warn?.(STORE.deleteAfterKeyringSave(this.file.path, (e as Error).message));
    }
  }

  /** Removes the keyring entry and auth.json; true if either existed. */
  async delete(): Promise<boolean> {
    const removed = await this.call({ op: 'delete', service: KEYRING_SERVICE, account: this.account });
    const fileRemoved = await this.file.delete();
    return removed === true || fileRemoved;
  }

  /** The keyring entry only (used by the auto store). */
  async deleteEntry(): Promise<boolean> {
    return (await this.call({ op: 'delete', service: KEYRING_SERVICE, account: this.account })) === true;
  }
}
