/**
 * A profile as a credential store, for `token --profile`, `login status --profile` and
 * `createAuthManager({ profile })`: the AuthManager refreshes it "in place" with its usual
 * single-flight machinery. It routes to where the profile's newest generation lives:
 * - the profile is the current login's (same sign-in, lineage.ts): the current login itself —
 *   the parked copy is stale and must never be refreshed (that would spend the live token);
 * - otherwise the parked copy, refreshed and written back into the profile.
 * The decision is re-made under the profile's lock (the refresh lock handed to the manager takes
 * the profile's lock, then our refresh lock of the current login), which `profile use` also
 * holds, so a switch never interleaves with a refresh of the profile.
 * A parked generation the issuer refused as used/revoked is marked in the profile: it is then
 * reported as "profile NAME needs a new sign-in" without asking the issuer again.
 */
import { CodexAuthError } from '../errors.js';
import { PROFILES } from '../messages/profiles.js';
import type { AuthDotJson, CredentialStore } from '../store/types.js';
import type { ProfileContext } from './context.js';
import { sameLineage } from './lineage.js';
import { withProfileLocks } from './locks.js';
import { profileLockFile } from './paths.js';
import { needsSignIn } from './use.js';
import { summarize, type LoginSummary } from './summary.js';

type WithLock = <T>(path: string, fn: () => Promise<T>, options: { timeoutMs: number; mode?: number }) => Promise<T>;

export class ParkedProfileStore implements CredentialStore {
  readonly kind;
  /** The lock path to hand the AuthManager as its refresh lock (see withLock()). */
  readonly lockPath: string;
  /** The parked generation last handed out (the one a permanent refresh failure is about). */
  private lastParked: string | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ProfileContext,
    readonly name: string,
  ) {
    this.kind = ctx.store.kind;
    this.lockPath = profileLockFile(ctx.codexHome, name);
  }

  /** The current login when it is this profile's sign-in, else undefined. */
  private async activeLogin(of: { doc: AuthDotJson } | { summary: LoginSummary }): Promise<AuthDotJson | undefined> {
    const current = await this.ctx.store.load().catch(() => null);
    if (!current) return undefined;
    const s = 'summary' in of ? of.summary : summarize(of.doc);
    return sameLineage(summarize(current), s) ? current : undefined;
  }

  async load(): Promise<AuthDotJson | null> {
    const p = await this.ctx.storage.get(this.name);
    const live = await this.activeLogin(p);
    if (live) return live;
    if (needsSignIn(p)) throw new CodexAuthError('profiles.needs_signin', PROFILES.needsSignIn(this.name));
    this.lastParked = p.summary.generation;
    return this.ctx.storage.login(p);
  }

  /** Called under the lock (after a refresh): into the current login when active, else into the profile. */
  async save(doc: AuthDotJson): Promise<void> {
    if (await this.activeLogin({ doc })) return this.ctx.store.save(doc);
    const p = await this.ctx.storage.get(this.name);
    await this.ctx.storage.write(this.name, doc, p, { needs_signin: null });
  }

  async delete(): Promise<boolean> {
    throw new CodexAuthError('profiles.logout', PROFILES.notManaged);
  }

  /** The manager's revoke for a profile: logout() must neither revoke nor delete a profile. */
  readonly refuseRevoke = async (): Promise<void> => {
    throw new CodexAuthError('profiles.logout', PROFILES.notManaged);
  };

  /** The AuthManager's lock: the profile's lock (then our refresh lock) for the refresh lock path, `base` for anything else. */
  withLock(base: WithLock): WithLock {
    return <T>(path: string, fn: () => Promise<T>, o: { timeoutMs: number; mode?: number }) =>
      path === this.lockPath
        ? withProfileLocks({ codexHome: this.ctx.codexHome, names: [this.name], refreshLock: this.ctx.refreshLock, credentialLocks: false, timeoutMs: o.timeoutMs }, () => fn())
        : base(path, fn, o);
  }

  /** After a permanent refresh failure: marks the parked generation (if still stored and parked). */
  noteReauthRequired(): void {
    const generation = this.lastParked;
    if (!generation) return;
    this.pending = this.pending.then(() =>
      withProfileLocks({ codexHome: this.ctx.codexHome, names: [this.name], refreshLock: this.ctx.refreshLock, credentialLocks: false }, async () => {
        const p = await this.ctx.storage.read(this.name);
        if (!p || p.summary.generation !== generation || (await this.activeLogin(p))) return;
        await this.ctx.storage.updateMeta(p, { needs_signin: generation });
      }).catch((e: unknown) => this.ctx.warn((e as Error).message)),
    );
  }

  /** Resolves once every mark is written (the manager's close() awaits it). */
  settled(): Promise<void> {
    return this.pending;
  }
}

/** An empty store: a profile's manager ignores the process's ephemeral credentials. */
export const NO_EPHEMERAL: CredentialStore = {
  kind: 'ephemeral',
  load: async () => null,
  save: async () => {},
  delete: async () => false,
};

/** The profile named by `name` (validated; `from` says where the name came from, for the message). */
export async function openParkedProfile(
  name: string,
  from: 'argument' | 'env',
  o: import('./context.js').CreateProfileContextOptions,
): Promise<ParkedProfileStore> {
  const { checkProfileName } = await import('./name.js');
  const { createProfileContext } = await import('./context.js');
  const { assertPersistent } = await import('./save.js');
  checkProfileName(name, from);
  const ctx = await createProfileContext(o);
  assertPersistent(ctx);
  return new ParkedProfileStore(ctx, name);
}
