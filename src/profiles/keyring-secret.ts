/**
 * A profile's login in the OS keyring (store `keyring`/`auto`): service `Codex Auth`, account
 * `<CODEX_HOME key>|profile|NAME`, the login as compact auth.json JSON — the same service and
 * format as the login's own entry, through the same time-limited helper (store/keyring-backend.ts).
 */
import type { Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import { PROFILES } from '../messages/profiles.js';
import { STORE } from '../messages/store.js';
import { parseAuthDotJson, serializeAuthDotJsonCompact } from '../store/auth-dot-json.js';
import { subprocessKeyringBackend, type KeyringBackend, type KeyringRequest } from '../store/keyring-backend.js';
import { KEYRING_SERVICE, KEYRING_TIMEOUT_MS } from '../store/keyring-store.js';
import type { AuthDotJson } from '../store/types.js';
import { profileKeyringAccount } from './paths.js';

export interface KeyringSecretOptions {
  codexHome: string;
  env?: Env;
  backend?: KeyringBackend;
  timeoutMs?: number;
}

export class ProfileKeyring {
  private readonly backend: KeyringBackend;
  private readonly timeoutMs: number;

  constructor(private readonly opts: KeyringSecretOptions) {
    this.backend = opts.backend ?? subprocessKeyringBackend(opts.env ? { env: opts.env } : {});
    this.timeoutMs = opts.timeoutMs ?? KEYRING_TIMEOUT_MS;
  }

  private async call(name: string, req: Omit<KeyringRequest, 'service' | 'account'> & { secret?: string }): Promise<string | boolean | null> {
    const full = { ...req, service: KEYRING_SERVICE, account: profileKeyringAccount(this.opts.codexHome, name) } as KeyringRequest;
    const r = await this.backend.call(full, this.timeoutMs);
    if (r.ok) return r.value;
    const detail = r.kind === 'timeout' ? STORE.keyringTimeout(this.timeoutMs) : r.detail;
    const wrap = req.op === 'get' ? PROFILES.keyringLoad : req.op === 'set' ? PROFILES.keyringSave : PROFILES.keyringDelete;
    throw new CodexAuthError('store.keyring_unavailable', wrap(name, detail) + STORE.keyringHint, { details: { op: req.op, timeout: r.kind === 'timeout' } });
  }

  async load(name: string): Promise<AuthDotJson> {
    const secret = await this.call(name, { op: 'get' });
    if (typeof secret !== 'string') throw new CodexAuthError('profiles.corrupt', PROFILES.keyringMissing(name));
    return parseAuthDotJson(secret, { kind: 'keyring' });
  }

  async save(name: string, doc: AuthDotJson): Promise<void> {
    await this.call(name, { op: 'set', secret: serializeAuthDotJsonCompact(doc) });
  }

  async delete(name: string): Promise<boolean> {
    return (await this.call(name, { op: 'delete' })) === true;
  }
}
