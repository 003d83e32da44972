/**
 * Profile storage: `$CODEX_HOME/profiles/` (0700) with one `NAME.json` (0600, atomic writes) per
 * profile; the login itself inside that file (store `file`) or in the keyring (`keyring`; `auto`
 * falls back to the file with a warning when the keyring cannot be used). Callers hold the
 * profile's lock (locks.ts) around every write; reads need none (writes are atomic renames).
 */
import { chmod, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import type { Clock, Env } from '../env.js';
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { PROFILES } from '../messages/profiles.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { KeyringBackend } from '../store/keyring-backend.js';
import type { AuthDotJson, StoreKind } from '../store/types.js';
import { ProfileKeyring } from './keyring-secret.js';
import { isValidProfileName } from './name.js';
import { profileFile, profilesDir } from './paths.js';
import { parseProfile, serializeProfile, type ProfileFile, type ProfileRecord } from './record.js';
import { summarize } from './summary.js';

export interface ProfileStorageOptions {
  codexHome: string;
  /** The configured credential store: profiles follow it (file, or keyring entries). */
  kind: StoreKind;
  now: Clock;
  env?: Env;
  keyringBackend?: KeyringBackend;
  keyringTimeoutMs?: number;
  warn?: (message: string) => void;
}

export interface WriteMeta {
  saved_at?: string;
  last_used?: string | null;
  needs_signin?: string | null;
}

export class ProfileStorage {
  readonly codexHome: string;
  private readonly keyring: ProfileKeyring;

  constructor(private readonly opts: ProfileStorageOptions) {
    this.codexHome = opts.codexHome;
    this.keyring = new ProfileKeyring({
      codexHome: opts.codexHome,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.keyringBackend ? { backend: opts.keyringBackend } : {}),
      ...(opts.keyringTimeoutMs !== undefined ? { timeoutMs: opts.keyringTimeoutMs } : {}),
    });
  }

  /** Creates `profiles/` 0700 (and makes it 0700 if it exists). */
  async ensureDir(): Promise<void> {
    const dir = profilesDir(this.codexHome);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
  }

  /** The names of the stored profiles, sorted. */
  async names(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(profilesDir(this.codexHome));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return entries
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .filter(isValidProfileName)
      .sort();
  }

  /** The profile file, or null when there is none. */
  async read(name: string): Promise<ProfileFile | null> {
    const path = profileFile(this.codexHome, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new CodexAuthError('profiles.corrupt', PROFILES.corrupt(name, (e as Error).message), { cause: e });
    }
    return parseProfile(name, text, path);
  }

  /** Like read(), but a missing profile is CodexAuthError `profiles.not_found`. */
  async get(name: string): Promise<ProfileFile> {
    const p = await this.read(name);
    if (!p) throw new CodexAuthError('profiles.not_found', PROFILES.notFound(name));
    return p;
  }

  async readAll(): Promise<ProfileFile[]> {
    const out: ProfileFile[] = [];
    for (const name of await this.names()) {
      const p = await this.read(name);
      if (p) out.push(p);
    }
    return out;
  }

  /** The login a profile holds (from its file or its keyring entry). */
  async login(p: ProfileFile): Promise<AuthDotJson> {
    if (p.secret_store === 'file') return p.auth as AuthDotJson;
    return this.keyring.load(p.name);
  }

  /**
   * Stores `doc` as profile `name` (the caller holds the profile's lock). `previous` is what the
   * profile held (its times and secret store are kept unless `meta` says otherwise).
   */
  async write(name: string, doc: AuthDotJson, previous: ProfileRecord | null, meta: WriteMeta = {}): Promise<ProfileRecord> {
    await this.ensureDir();
    const now = new Date(this.opts.now()).toISOString();
    const secretStore = await this.putSecret(name, doc);
    const record: ProfileFile = {
      name,
      secret_store: secretStore,
      saved_at: meta.saved_at ?? previous?.saved_at ?? now,
      last_used: meta.last_used !== undefined ? meta.last_used : (previous?.last_used ?? null),
      needs_signin: meta.needs_signin !== undefined ? meta.needs_signin : null,
      summary: summarize(doc),
      ...(secretStore === 'file' ? { auth: doc } : {}),
    };
    await writeFileAtomic(profileFile(this.codexHome, name), serializeProfile(record), { mode: 0o600, tempPrefix: '.profile-' });
    // Moved from the keyring to the file: the old entry is now stale (best effort).
    if (previous?.secret_store === 'keyring' && secretStore === 'file') await this.keyring.delete(name).catch(() => false);
    return record;
  }

  /** Rewrites only the record's metadata (no secret is touched). */
  async updateMeta(p: ProfileFile, meta: WriteMeta): Promise<void> {
    const next: ProfileFile = {
      ...p,
      ...(meta.last_used !== undefined ? { last_used: meta.last_used } : {}),
      ...(meta.needs_signin !== undefined ? { needs_signin: meta.needs_signin } : {}),
    };
    await writeFileAtomic(profileFile(this.codexHome, p.name), serializeProfile(next), { mode: 0o600, tempPrefix: '.profile-' });
  }

  /** Deletes the profile file, then its keyring entry. True if the profile existed. */
  async remove(p: ProfileFile): Promise<boolean> {
    try {
      await unlink(profileFile(this.codexHome, p.name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    if (p.secret_store === 'keyring') await this.keyring.delete(p.name).catch((e: unknown) => this.opts.warn?.((e as Error).message));
    return true;
  }

  /** Where the secret goes: the configured store's choice, the keyring entry written first. */
  private async putSecret(name: string, doc: AuthDotJson): Promise<'file' | 'keyring'> {
    const kind = this.opts.kind;
    if (kind === 'file' || kind === 'ephemeral') {
      return 'file';
    }
    try {
      await this.keyring.save(name, doc);
      return 'keyring';
    } catch (e) {
      if (kind !== 'auto' || !isCodexAuthError(e)) throw e;
      this.opts.warn?.(PROFILES.keyringFallback(name, e.message));
      return 'file';
    }
  }
}
