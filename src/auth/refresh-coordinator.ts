/**
 * Refresh that never races (issue 5 item 2; design in docs/library.md "Refresh design").
 *
 * In-process: one refresh at a time per manager; concurrent callers join the refresh in flight.
 * Across our processes: an exclusive flock(2) on `$CODEX_HOME/auth.refresh.lock` held around
 * read → refresh → write. Under it we re-read storage and spend the refresh token only if the
 * stored credentials are still exactly the ones we judged due; otherwise we adopt what another
 * process wrote. So each token generation is spent once.
 *
 * The official binary takes no lock before it refreshes; it locks `auth.lock` (blocking) then
 * `auth.json.lock` (gives up after ~5 s) only around its commit. We never hold those for long:
 * this module only waits on `auth.lock` for an instant (to let a commit in progress finish)
 * before re-reading, and the store's atomic save takes both for the duration of one rename.
 * If the official binary spent the token at the same moment (`refresh_token_reused`), we wait for
 * its commit and adopt the fresher token it wrote instead of reporting failure.
 */
import type { Clock } from '../env.js';
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';
import type { AuthDotJson, CredentialStore } from '../store/types.js';
import { credentialFingerprint, isPermanent, PermanentFailures } from './permanent-failures.js';
import { formatLastRefresh } from '../store/last-refresh.js';
import { parseIdToken } from '../oauth/id-token.js';
import { refreshAccountMismatchError } from '../oauth/refresh.js';
import { TOKEN_REQUEST_TIMEOUT_MS } from '../oauth/constants.js';
import { killPoint } from '../kill-points.js';
import type { RefreshedTokens, RefreshReason, RefreshTokensFn, WithLock } from './refresh-types.js';
import { waitShared } from './shared-wait.js';
import type { SpentNote } from './spent-note.js';
import { notSavedError, UnsavedGeneration, type SettleResult } from './unsaved-generation.js';

export interface RefreshEndpoint {
  url: string;
  clientId: string;
}

export interface CoordinatorOptions {
  store: CredentialStore;
  withLock: WithLock;
  /**
   * Our cross-process refresh lock: `$CODEX_HOME/auth.refresh.lock`, or a function resolving it
   * before each use (next to the real auth.json when that is a symlink: refresh-lock-path.ts).
   */
  refreshLockPath: string | (() => Promise<string>);
  /** The official binary's outer commit lock, `$CODEX_HOME/auth.lock`. */
  commitLockPath: string;
  refreshTokens: RefreshTokensFn;
  /** Refresh URL and client id for a stored document (env overrides, provenance, defaults). */
  endpoint: (doc: AuthDotJson) => RefreshEndpoint;
  now: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** How long to wait for another process's refresh (default 60 s). */
  refreshLockTimeoutMs?: number;
  /** How long one refresh request may take (default 30 s) — bounds how long we hold our lock. */
  requestTimeoutMs?: number;
  /** How long to look for the winner's token after `refresh_token_reused` (default 3 s). */
  reuseGraceMs?: number;
  /** Marks a spent-but-unsaved stored generation for our other processes (spent-note.ts). */
  spentNote?: SpentNote;
}

export type RefreshOutcome =
  /**
   * We spent the refresh token and stored the result — or, with `saveError`, could not store it:
   * the new generation is then held in memory and saved on a later attempt (unsaved-generation.ts).
   */
  | { kind: 'refreshed'; doc: AuthDotJson; saveError?: CodexAuthError }
  /** Storage already held different credentials (another process refreshed); nothing was spent. */
  | { kind: 'adopted'; doc: AuthDotJson }
  /** After `refresh_token_reused`, storage held the winner's fresher token: adopted. */
  | { kind: 'adopted-after-reuse'; doc: AuthDotJson };

export interface RefreshRequest {
  /** The credentials the caller holds and wants replaced. */
  snapshot: AuthDotJson;
  reason: RefreshReason;
  signal?: AbortSignal;
}

export function sameAccount(a: AuthDotJson, b: AuthDotJson | null): boolean {
  if (!b?.tokens || !a.tokens) return false;
  const x = a.tokens.account_id ?? null;
  const y = b.tokens.account_id ?? null;
  // The reference refuses when the cached id is missing; we accept "both missing" (a hand-written
  // file without account_id) because the refresh-token comparison below still pins the identity.
  return x === y;
}

/** `refresh_token_reused`: someone else spent this refresh token first. */
function isReused(e: unknown): boolean {
  return isCodexAuthError(e, 'oauth.refresh_permanent') && e.details.reason === 'exhausted';
}

/** How long a refresh request may run in the background after callers stopped waiting for it. */
export const REFRESH_HARD_CAP_MS = 300_000;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RefreshCoordinator {
  readonly failures = new PermanentFailures();
  /** A refreshed generation whose save failed, held until it can be saved. */
  readonly unsaved = new UnsavedGeneration();
  private inflight: { run: Promise<RefreshOutcome>; requestStarted: Promise<void> } | undefined;
  private readonly o: Required<Omit<CoordinatorOptions, 'sleep' | 'spentNote'>> & { sleep: (ms: number) => Promise<void>; spentNote?: SpentNote };

  constructor(options: CoordinatorOptions) {
    this.o = {
      refreshLockTimeoutMs: 60_000,
      requestTimeoutMs: TOKEN_REQUEST_TIMEOUT_MS,
      reuseGraceMs: 3_000,
      sleep: realSleep,
      ...options,
    } as typeof this.o;
  }

  /**
   * Guarded refresh (spec §10.2): joins a refresh in flight in this process, else takes the
   * cross-process lock, re-reads storage and spends the token only if it is still `snapshot`'s.
   */
  refresh(req: RefreshRequest): Promise<RefreshOutcome> {
    if (!this.inflight) {
      // The shared refresh is not tied to the first caller's signal: other callers may join it.
      let markStarted!: () => void;
      const requestStarted = new Promise<void>((resolve) => (markStarted = resolve));
      const run = this.refreshLocked({ snapshot: req.snapshot, reason: req.reason }, markStarted).finally(() => {
        this.inflight = undefined;
      });
      // Callers that timed out no longer await it, but it still finishes and saves its result.
      run.catch(() => {});
      this.inflight = { run, requestStarted };
    }
    return waitShared(this.withRequestTimeout(this.inflight), req.signal);
  }

  /**
   * Callers wait at most `requestTimeoutMs` for the refresh request itself. When that passes they
   * get `auth.refresh_timeout`, but the request is NOT aborted: the issuer may already have rotated
   * the refresh token, so the answer is still awaited (up to REFRESH_HARD_CAP_MS) under the
   * refresh lock and saved — a slow issuer never leaves a spent refresh token as the stored one.
   */
  private withRequestTimeout(inflight: { run: Promise<RefreshOutcome>; requestStarted: Promise<void> }): Promise<RefreshOutcome> {
    return new Promise<RefreshOutcome>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      void inflight.requestStarted.then(() => {
        timer = setTimeout(
          () => reject(new CodexAuthError('auth.refresh_timeout', AUTH.refreshTimeout(this.o.requestTimeoutMs / 1000))),
          this.o.requestTimeoutMs,
        );
        timer.unref?.();
      });
      inflight.run.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  private async refreshLocked(req: RefreshRequest, onRequestStart: () => void): Promise<RefreshOutcome> {
    // A cached permanent failure is checked after re-reading storage (under the lock), so new
    // credentials written by another process are adopted (spec §14.4 case 44).
    const lockPath = await this.lockPath();
    return this.o.withLock(lockPath, () => this.underLock(req, onRequestStart, lockPath), {
      timeoutMs: this.o.refreshLockTimeoutMs,
    });
  }

  private async lockPath(): Promise<string> {
    const p = this.o.refreshLockPath;
    return typeof p === 'string' ? p : p();
  }

  /**
   * Tries again to save a generation held in memory after a failed save (under the refresh lock,
   * only over the document it was refreshed from). Waits at most `lockTimeoutMs` for the lock.
   */
  async saveUnsaved(lockTimeoutMs: number): Promise<SettleResult> {
    if (!this.unsaved.doc) return { kind: 'none', stored: null };
    const lockPath = await this.lockPath();
    return this.o.withLock(
      lockPath,
      async () => {
        await this.waitForCommit();
        const result = await this.settleUnsaved(lockPath);
        this.failures.observe(result.stored);
        return result;
      },
      { timeoutMs: lockTimeoutMs },
    );
  }

  /**
   * Lets a commit of the official binary that is in progress finish (waits on auth.lock, holding
   * it for no time at all). Best effort: if it stays busy (it may wait up to ~5 s for
   * auth.json.lock while holding auth.lock) we re-read anyway.
   */
  private async waitForCommit(): Promise<void> {
    // 0600 whatever the umask, like every file we create in CODEX_HOME (the official binary: 0666 & umask).
    await this.o.withLock(this.o.commitLockPath, async () => {}, { timeoutMs: 6_000, mode: 0o600 }).catch(() => {});
  }

  /** Re-reads storage and settles a held generation (under the lock); clears our spent note once it is moot. */
  private async settleUnsaved(lockPath: string): Promise<SettleResult> {
    const result = await this.unsaved.settle(this.o.store, await this.o.store.load());
    if (result.kind === 'saved' || result.kind === 'superseded') await this.o.spentNote?.write(lockPath, undefined);
    return result;
  }

  private async underLock(req: RefreshRequest, onRequestStart: () => void, lockPath: string): Promise<RefreshOutcome> {
    await this.waitForCommit();
    // A generation held after a failed save is saved first (or stands in for the spent stored one).
    const stored = (await this.settleUnsaved(lockPath)).stored;
    this.failures.observe(stored);
    if (!stored || !sameAccount(req.snapshot, stored)) throw refreshAccountMismatchError();
    if (credentialFingerprint(stored) !== credentialFingerprint(req.snapshot)) return { kind: 'adopted', doc: stored };
    const cached = this.failures.get(stored);
    if (cached) throw cached;
    // Another of our processes spent this generation and holds its successor, unsaved: presenting
    // it again would be refused as reused (and, at strict issuers, revoke that successor too).
    if (this.o.spentNote && (await this.o.spentNote.read(lockPath)) === credentialFingerprint(stored)) {
      throw new CodexAuthError('auth.refresh_unsaved_elsewhere', AUTH.refreshUnsavedElsewhere);
    }

    const tokens = stored.tokens;
    if (!tokens) throw new CodexAuthError('auth.token_data_unavailable', AUTH.tokenDataUnavailable);
    const { url, clientId } = this.o.endpoint(stored);
    const hardCap = AbortSignal.timeout(Math.max(REFRESH_HARD_CAP_MS, this.o.requestTimeoutMs));
    let fresh: RefreshedTokens;
    onRequestStart();
    try {
      fresh = await this.o.refreshTokens({ url, clientId, refreshToken: tokens.refresh_token, reason: req.reason, signal: hardCap });
      await killPoint('refresh:answered');
    } catch (e) {
      if (hardCap.aborted) {
        throw new CodexAuthError('auth.refresh_timeout', AUTH.refreshTimeout(REFRESH_HARD_CAP_MS / 1000), { cause: e });
      }
      if (isReused(e)) {
        const winner = await this.findWinner(stored);
        if (winner) return { kind: 'adopted-after-reuse', doc: winner };
      }
      if (isPermanent(e)) this.failures.record(stored, e);
      throw e;
    }
    const next = applyRefresh(stored, fresh, url, this.o.now());
    try {
      await this.o.store.save(next);
    } catch (e) {
      // The stored refresh token is spent now: keep the new generation rather than lose it.
      const saveError = notSavedError(e);
      this.unsaved.hold(stored, next, saveError);
      await this.o.spentNote?.write(lockPath, this.unsaved.base);
      return { kind: 'refreshed', doc: next, saveError };
    }
    return { kind: 'refreshed', doc: next };
  }

  /**
   * After `refresh_token_reused`: someone else (the official binary, most likely) spent this
   * token. Wait on its commit lock and re-read until its fresher token appears, briefly.
   */
  private async findWinner(spent: AuthDotJson): Promise<AuthDotJson | undefined> {
    const deadline = this.o.now() + this.o.reuseGraceMs;
    const spentPrint = credentialFingerprint(spent);
    for (;;) {
      await this.waitForCommit();
      const doc = await this.o.store.load();
      if (doc && sameAccount(spent, doc) && credentialFingerprint(doc) !== spentPrint) {
        this.failures.observe(doc);
        return doc;
      }
      if (this.o.now() >= deadline) return undefined;
      await this.o.sleep(50);
    }
  }
}

/**
 * The document to store after a successful refresh (spec §10.3; observed §4): returned tokens
 * replace the old ones (id_token must still decode), `last_refresh` = now with 9 fractional digits,
 * `account_id`, `login_owner_id` and unknown fields kept. `oauth_provenance` is kept only when the
 * refresh went to `<provenance.issuer>/oauth/token` and dropped otherwise, as 0.169.0 does: the
 * tokens now come from wherever we refreshed, and the official binary reads what we write.
 */
export function applyRefresh(stored: AuthDotJson, fresh: RefreshedTokens, refreshUrl: string, now: number): AuthDotJson {
  const old = stored.tokens;
  if (!old) throw new CodexAuthError('auth.token_data_unavailable', AUTH.tokenDataUnavailable);
  if (fresh.idToken !== undefined) parseIdToken(fresh.idToken); // rejects an id_token that does not decode
  const tokens = { ...old };
  if (fresh.idToken !== undefined) tokens.id_token = fresh.idToken;
  if (fresh.accessToken !== undefined) tokens.access_token = fresh.accessToken;
  if (fresh.refreshToken !== undefined) tokens.refresh_token = fresh.refreshToken;
  const prov = old.oauth_provenance;
  if (prov && refreshUrl !== `${prov.issuer}/oauth/token`) delete tokens.oauth_provenance;
  return { ...stored, tokens, last_refresh: formatLastRefresh(now) };
}
