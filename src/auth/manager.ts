/**
 * The AuthManager: the library's centre (issue 5 item 1). It resolves credentials (load.ts, spec
 * §4.1) once, hands them out through getAuth() with proactive refresh (refresh-policy.ts) done by
 * the cross-process coordinator (refresh-coordinator.ts), recovers from 401s (recovery.ts), logs
 * out with revoke (logout.ts), and signs requests per mode (headers.ts, fetch.ts, websocket.ts).
 */
import { EventEmitter } from 'node:events';
import type { Clock, Env } from '../env.js';
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';
import type { FetchLike, Transport } from '../net/types.js';
import type { AuthDotJson, AuthMode, CredentialStore } from '../store/types.js';
import { authorizedFetch } from './fetch.js';
import { describe, isManaged, type AuthInfo } from './auth-info.js';
import { authHeaders } from './headers.js';
import { effectiveMode, loadAuth, type AgentIdentity, type AuthSource, type PatMetadata, type ResolvedAuth } from './load.js';
import { logoutWithRevoke, type RevokeFn } from './logout.js';
import { credentialFingerprint, isPermanent } from './permanent-failures.js';
import type { LoginPolicy } from '../config/policy.js';
import { recoverFromUnauthorized, UnauthorizedRecovery } from './recovery.js';
import { RefreshCoordinator, sameAccount, type RefreshEndpoint, type RefreshOutcome } from './refresh-coordinator.js';
import { refreshDueAt, shouldRefreshProactively } from './refresh-policy.js';
import type { RefreshReason, RefreshTokensFn, WithLock } from './refresh-types.js';
import { waitShared } from './shared-wait.js';
import type { SpentNote } from './spent-note.js';
import type { RequestContext, RequestCredentials } from './requests.js';
import { accessTokenTimes, tokenTimes } from './token-claims.js';
import { authorizedWebSocket, type OpenWebSocketOptions } from './websocket.js';
import { hostAuth, WorkloadRecovery, type HostCredentials } from './workload-auth.js';

export interface RefreshedEvent {
  reason: RefreshReason;
  /** `refreshed`: we spent the token; `adopted`: another process had already stored a newer one. */
  outcome: RefreshOutcome['kind'];
  expiresAt?: Date;
  /** Set when the new tokens could not be saved: they are served from memory and saved later. */
  saveError?: CodexAuthError;
}

export interface LoggedOutEvent {
  removed: boolean;
}

export interface ReauthRequiredEvent {
  error: CodexAuthError;
}

export interface AuthManagerEvents {
  refreshed: [RefreshedEvent];
  loggedOut: [LoggedOutEvent];
  reauthRequired: [ReauthRequiredEvent];
}

export interface AuthManagerDeps {
  env: Env;
  now: Clock;
  store: CredentialStore;
  ephemeral?: CredentialStore;
  /** Used for refresh/revoke/whoami and for manager.fetch(). */
  fetch: FetchLike;
  openWebSocket?: Transport['openWebSocket'];
  withLock: WithLock;
  /** A path, or a function resolving it before each refresh (next to a symlinked auth.json's target). */
  refreshLockPath: string | (() => Promise<string>);
  commitLockPath: string;
  refreshTokens: RefreshTokensFn;
  refreshEndpoint: (doc: AuthDotJson) => RefreshEndpoint;
  revoke: RevokeFn;
  whoami?: (token: string) => Promise<PatMetadata>;
  registerAgentTask?: (agent: AgentIdentity) => Promise<string>;
  verifyAgentJwt?: (jwt: string) => Promise<void>;
  policy?: LoginPolicy;
  enableCodexApiKeyEnv?: boolean;
  warn: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  refreshLockTimeoutMs?: number;
  requestTimeoutMs?: number;
  reuseGraceMs?: number;
  /** Marks a spent-but-unsaved stored generation in the refresh lock file (spent-note.ts). */
  spentNote?: SpentNote;
  revokeTimeoutMs?: number;
  /** Workload identity (auth/workload-auth.ts): when set, it is the only credential source. */
  workload?: HostCredentials;
  /** Called by close() (e.g. the transport's close). */
  onClose?: () => Promise<void>;
}

export interface GetAuthOptions {
  signal?: AbortSignal;
}

/** A transient proactive failure is not retried for this long (per token generation). */
const TRANSIENT_COOLDOWN_MS = 5_000;
/** getAuth() retries saving an unsaved generation at most this often, waiting this long for the lock. */
const UNSAVED_RETRY_MS = 1_000;
const UNSAVED_LOCK_WAIT_MS = 250;
const UNSAVED_CLOSE_LOCK_WAIT_MS = 5_000;

export class AuthManager extends EventEmitter<AuthManagerEvents> {
  private current: ResolvedAuth | null | undefined;
  private loading: Promise<ResolvedAuth | null> | undefined;
  private readonly coordinator: RefreshCoordinator;
  private cooldown: { fingerprint: string; until: number; error: CodexAuthError } | undefined;
  private reauthReported: string | undefined;
  private lastOutcome: RefreshOutcome | undefined;
  private unsavedRetryAt = 0;
  private unsavedReported: string | undefined;
  /** When a proactive refresh of `auth` (the current managed credentials) may first be due. */
  private due: { auth: ResolvedAuth; at: number } | undefined;
  /** What manager.fetch() and manager.openWebSocket() use (requests.ts), kept off the public surface. */
  private readonly requests: RequestCredentials = {
    ready: () => this.readyAuth(),
    require: async (signal) => {
      await this.requireAuth(signal ? { signal } : {});
      return this.current as ResolvedAuth;
    },
    recover: (signal) => recoverFromUnauthorized(this.unauthorizedRecovery(), (e) => this.reportReauth(e), signal),
  };
  private readonly requestContext: RequestContext;

  constructor(private readonly deps: AuthManagerDeps) {
    super();
    this.requestContext = { env: deps.env, now: deps.now, fetch: deps.fetch, openWebSocket: deps.openWebSocket };
    this.coordinator = new RefreshCoordinator({
      store: deps.store,
      withLock: deps.withLock,
      refreshLockPath: deps.refreshLockPath,
      commitLockPath: deps.commitLockPath,
      refreshTokens: deps.refreshTokens,
      endpoint: deps.refreshEndpoint,
      now: deps.now,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.refreshLockTimeoutMs !== undefined ? { refreshLockTimeoutMs: deps.refreshLockTimeoutMs } : {}),
      ...(deps.requestTimeoutMs !== undefined ? { requestTimeoutMs: deps.requestTimeoutMs } : {}),
      ...(deps.reuseGraceMs !== undefined ? { reuseGraceMs: deps.reuseGraceMs } : {}),
      ...(deps.spentNote ? { spentNote: deps.spentNote } : {}),
    });
  }

  /**
   * The credentials to use now, refreshed first when the access token is about to expire
   * (managed ChatGPT auth from the configured store only). Resolves null when not logged in.
   * A failed proactive refresh returns the existing credentials while the access token is still
   * valid (as the reference does) and rejects once it has expired.
   */
  async getAuth(options: GetAuthOptions = {}): Promise<AuthInfo | null> {
    const auth = await this.resolved(options.signal);
    await this.retryUnsaved(false);
    if (auth && isManaged(auth)) await this.refreshIfDue((this.current as typeof auth).doc, options.signal);
    const now = this.current;
    return now ? describe(now) : null;
  }

  /** Like getAuth(), but rejects with `auth.not_logged_in` instead of resolving null. */
  async requireAuth(options: GetAuthOptions = {}): Promise<AuthInfo> {
    const info = await this.getAuth(options);
    if (!info) throw new CodexAuthError('auth.not_logged_in', AUTH.notLoggedInHint);
    return info;
  }

  /** Request headers for the current credentials (spec §13.2), after any due refresh. */
  async headers(options: GetAuthOptions = {}): Promise<Record<string, string>> {
    await this.requireAuth(options);
    return authHeaders(this.current as ResolvedAuth, this.deps.env, this.deps.now());
  }

  /**
   * Refreshes now (guarded, spec §10.2): joins a refresh in flight, adopts what another process
   * stored instead of spending the token twice. Resolves to the new credentials.
   */
  async refresh(options: GetAuthOptions & { reason?: RefreshReason } = {}): Promise<AuthInfo | null> {
    const auth = await this.resolved(options.signal);
    if (!auth || !isManaged(auth)) return auth ? describe(auth) : null;
    await this.refreshSnapshot(auth.doc, options.reason ?? 'forced', options.signal);
    return this.current ? describe(this.current) : null;
  }

  /** Forgets the cached credentials and resolves them again (spec §4.1). */
  async reload(options: GetAuthOptions = {}): Promise<AuthInfo | null> {
    this.current = undefined;
    const auth = await this.resolved(options.signal);
    return auth ? describe(auth) : null;
  }

  /**
   * fetch() with the current credentials' headers (spec §13.2); on a 401 it recovers (reload,
   * then refresh) and retries once. Honours `init.signal`.
   */
  fetch(url: string | URL, init?: RequestInit): Promise<Response> {
    return authorizedFetch(this.requests, this.requestContext, url, init);
  }

  /** Opens a WebSocket with the current credentials' headers; retries once after a 401 upgrade. */
  openWebSocket(url: string | URL, options?: OpenWebSocketOptions): Promise<import('ws').WebSocket> {
    return authorizedWebSocket(this.requests, this.requestContext, url, options);
  }

  /** A 401 recovery for the current credentials (two steps for managed ChatGPT auth). */
  unauthorizedRecovery(): Pick<UnauthorizedRecovery, 'hasNext' | 'next'> {
    const wl = this.deps.workload;
    if (wl) return new WorkloadRecovery(wl, () => this.current, (auth) => (this.current = auth));
    return new UnauthorizedRecovery({
      current: () => this.current,
      loadStored: async () => {
        const doc = this.coordinator.unsaved.effective(await this.deps.store.load());
        this.coordinator.failures.observe(doc);
        return doc;
      },
      adopt: (doc) => this.adoptStored(doc),
      refresh: (snapshot, signal) => this.refreshSnapshot(snapshot, 'unauthorized_recovery', signal),
    });
  }

  /**
   * Logout with revoke (spec §9.3): revokes the token of the cached credentials when they came
   * from the configured store (otherwise the stored ones), deletes every store, forgets the cache.
   */
  async logout(): Promise<boolean> {
    let doc: AuthDotJson | null | undefined;
    if (this.current?.source === 'store') doc = this.current.doc ?? null;
    const removed = await logoutWithRevoke({
      store: this.deps.store,
      ...(this.deps.ephemeral ? { ephemeral: this.deps.ephemeral } : {}),
      revoke: this.deps.revoke,
      env: this.deps.env,
      warn: this.deps.warn,
      ...(doc !== undefined ? { doc } : {}),
      ...(this.deps.revokeTimeoutMs !== undefined ? { timeoutMs: this.deps.revokeTimeoutMs } : {}),
    });
    this.current = undefined;
    this.coordinator.failures.clear();
    this.emit('loggedOut', { removed });
    return removed;
  }

  async close(): Promise<void> {
    await this.retryUnsaved(true);
    const unsaved = this.coordinator.unsaved.error;
    if (unsaved) this.deps.warn(AUTH.refreshNotSavedAtClose(unsaved.details.detail));
    await this.deps.onClose?.();
  }

  /**
   * The credentials to sign a request with when getAuth() would only hand them back: loaded, no
   * unsaved generation to retry saving, and no proactive refresh due. Undefined otherwise.
   */
  private readyAuth(): ResolvedAuth | undefined {
    if (this.deps.workload) {
      const t = this.deps.workload.ready();
      return t ? (this.current = hostAuth(t, this.deps.workload.source)) : undefined;
    }
    const auth = this.current;
    // A generation held after a failed save: getAuth() may retry saving it first.
    if (!auth || this.coordinator.unsaved.doc) return undefined;
    if (!isManaged(auth)) return auth;
    let due = this.due;
    if (due?.auth !== auth) this.due = due = { auth, at: refreshDueAt(tokenTimes(auth.doc)) };
    return this.deps.now() < due.at ? auth : undefined;
  }

  /** Reports a permanent failure once per credential snapshot. */
  private reportReauth(error: CodexAuthError): void {
    const fp = credentialFingerprint(this.current?.doc);
    if (this.reauthReported === fp) return;
    this.reauthReported = fp;
    this.emit('reauthRequired', { error });
  }

  /** The cached credentials; "not logged in" is not cached, so a login elsewhere is seen at once. */
  private resolved(signal?: AbortSignal): Promise<ResolvedAuth | null> {
    const wl = this.deps.workload;
    if (wl) return waitShared(wl.token().then((t) => (this.current = hostAuth(t, wl.source))), signal);
    if (this.current) return Promise.resolve(this.current);
    if (!this.loading) {
      this.loading = loadAuth({
        env: this.deps.env,
        store: this.deps.store,
        ...(this.deps.ephemeral ? { ephemeral: this.deps.ephemeral } : {}),
        ...(this.deps.enableCodexApiKeyEnv !== undefined ? { enableCodexApiKeyEnv: this.deps.enableCodexApiKeyEnv } : {}),
        ...(this.deps.policy ? { policy: this.deps.policy } : {}),
        ...(this.deps.whoami ? { whoami: this.deps.whoami } : {}),
        ...(this.deps.registerAgentTask ? { registerAgentTask: this.deps.registerAgentTask } : {}),
        ...(this.deps.verifyAgentJwt ? { verifyAgentJwt: this.deps.verifyAgentJwt } : {}),
      })
        .then((auth) => {
          // A generation held after a failed save replaces the spent one it was refreshed from.
          if (auth?.source === 'store' && auth.doc) auth.doc = this.coordinator.unsaved.effective(auth.doc) ?? auth.doc;
          this.current = auth;
          this.coordinator.failures.observe(auth?.doc);
          return auth;
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    return waitShared(this.loading, signal);
  }

  private adoptStored(doc: AuthDotJson): void {
    this.current = { mode: effectiveMode(doc), source: 'store', doc };
    this.coordinator.failures.observe(doc);
  }

  private async refreshSnapshot(snapshot: AuthDotJson, reason: RefreshReason, signal?: AbortSignal): Promise<void> {
    try {
      const outcome = await this.coordinator.refresh({ snapshot, reason, ...(signal ? { signal } : {}) });
      // Callers that joined the same refresh share one outcome: adopt and announce it once.
      if (this.lastOutcome === outcome) return;
      this.lastOutcome = outcome;
      this.adoptStored(outcome.doc);
      this.reportUnsaved();
      const exp = accessTokenTimes(outcome.doc.tokens?.access_token).expiresAt;
      const saveError = outcome.kind === 'refreshed' ? outcome.saveError : undefined;
      this.emit('refreshed', { reason, outcome: outcome.kind, ...(exp !== undefined ? { expiresAt: new Date(exp) } : {}), ...(saveError ? { saveError } : {}) });
    } catch (e) {
      if (isPermanent(e)) this.reportReauth(e);
      throw e;
    }
  }

  /** Warns once per generation held in memory because its save failed (one line, no secret). */
  private reportUnsaved(): void {
    const { doc, error } = this.coordinator.unsaved;
    const fp = doc ? credentialFingerprint(doc) : undefined;
    if (!error || fp === this.unsavedReported) return;
    this.unsavedReported = fp;
    this.unsavedRetryAt = this.deps.now() + UNSAVED_RETRY_MS; // it just failed
    this.deps.warn(error.message);
  }

  /**
   * Saves a generation held after a failed save (getAuth(): at most once a second, without waiting
   * long for the lock; close(): always). Afterwards, adopts what storage holds for our account.
   */
  private async retryUnsaved(atClose: boolean): Promise<void> {
    if (!this.coordinator.unsaved.doc) return;
    const now = this.deps.now();
    if (!atClose && now < this.unsavedRetryAt) return;
    this.unsavedRetryAt = now + UNSAVED_RETRY_MS;
    const result = await this.coordinator.saveUnsaved(atClose ? UNSAVED_CLOSE_LOCK_WAIT_MS : UNSAVED_LOCK_WAIT_MS).catch(() => undefined);
    const doc = this.current?.doc;
    if (!result?.stored || !doc || this.current?.source !== 'store' || !sameAccount(doc, result.stored)) return;
    if (credentialFingerprint(result.stored) !== credentialFingerprint(doc)) this.adoptStored(result.stored);
    this.reportUnsaved();
  }

  private async refreshIfDue(doc: AuthDotJson, signal?: AbortSignal): Promise<void> {
    const now = this.deps.now();
    const times = tokenTimes(doc);
    if (!shouldRefreshProactively(times, now)) return;
    const expired = times.expiresAt !== undefined && times.expiresAt <= now;
    const fp = credentialFingerprint(doc);
    // After a transient failure, wait a little before spending a request on this generation again.
    // (A cached permanent failure goes through the coordinator: it re-reads storage without a
    // request, adopting credentials another process stored, else failing from the cache.)
    if (this.cooldown?.fingerprint === fp && now < this.cooldown.until) {
      if (expired) throw this.cooldown.error;
      return;
    }
    try {
      await this.refreshSnapshot(doc, 'proactive_expiry', signal);
    } catch (e) {
      if (isCodexAuthError(e, 'auth.aborted') || !isCodexAuthError(e)) throw e;
      if (!isPermanent(e)) this.cooldown = { fingerprint: fp, until: this.deps.now() + TRANSIENT_COOLDOWN_MS, error: e };
      if (expired) throw e;
      this.deps.warn(e.message); // still valid: keep serving it, and say why it was not refreshed
    }
  }
}
