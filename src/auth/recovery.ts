/**
 * The 401 recovery state machine (codex-auth-spec.md §10.5, §14.4 cases 46–48). For managed
 * ChatGPT auth, one step per 401: (1) `reload` — re-read storage if it still holds the same
 * account (a mismatch is a permanent error); (2) `refresh_token` — refresh from the authority with
 * `refresh_reason: unauthorized_recovery` (through the cross-process coordinator, which adopts a
 * token another process stored instead of spending ours twice). After both, no more steps.
 * Other modes have no steps.
 */
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';
import { refreshAccountMismatchError } from '../oauth/refresh.js';
import type { AuthDotJson } from '../store/types.js';
import type { ResolvedAuth } from './load.js';
import { credentialFingerprint, isPermanent } from './permanent-failures.js';

export type RecoveryStep = 'reload' | 'refresh_token' | 'workload_renewal';

export interface RecoveryHost {
  /** The manager's current credentials. */
  current(): ResolvedAuth | null | undefined;
  /** Reads the configured store. */
  loadStored(): Promise<AuthDotJson | null>;
  /** Makes `doc` the manager's current credentials. */
  adopt(doc: AuthDotJson): void;
  /** Refreshes `snapshot` (reason unauthorized_recovery) and adopts the result. */
  refresh(snapshot: AuthDotJson, signal?: AbortSignal): Promise<void>;
}

export interface StepResult {
  step: RecoveryStep;
  /** Whether the credentials changed (a retry may now succeed). */
  changed: boolean;
}

function recoverable(auth: ResolvedAuth | null | undefined): auth is ResolvedAuth & { doc: AuthDotJson } {
  return !!auth && auth.mode === 'chatgpt' && auth.source === 'store' && !!auth.doc?.tokens;
}

export class UnauthorizedRecovery {
  private readonly steps: RecoveryStep[];
  private readonly accountId: string | null | undefined;

  constructor(private readonly host: RecoveryHost) {
    const auth = host.current();
    this.steps = recoverable(auth) ? ['reload', 'refresh_token'] : [];
    this.accountId = recoverable(auth) ? (auth.doc.tokens?.account_id ?? null) : undefined;
  }

  hasNext(): boolean {
    return this.steps.length > 0;
  }

  /** Runs the next step. Rejects with a CodexAuthError when recovery is over (`auth.no_recovery`: permanent, permanent-failures.ts). */
  async next(signal?: AbortSignal): Promise<StepResult> {
    const step = this.steps.shift();
    if (!step) {
      const mode = this.host.current()?.mode;
      const reason = mode === 'personalAccessToken' || mode === 'agentIdentity' ? 'not_refreshable_auth' : 'other';
      throw new CodexAuthError('auth.no_recovery', AUTH.noMoreRecoverySteps, { details: { reason } });
    }
    const before = this.host.current()?.doc;
    if (step === 'reload') {
      const stored = await this.host.loadStored();
      if (!stored?.tokens || (stored.tokens.account_id ?? null) !== this.accountId) {
        this.steps.length = 0;
        throw refreshAccountMismatchError();
      }
      const changed = credentialFingerprint(stored) !== credentialFingerprint(before);
      if (changed) this.host.adopt(stored);
      return { step, changed };
    }
    if (!before) throw new CodexAuthError('auth.token_data_unavailable', AUTH.tokenDataUnavailable);
    await this.host.refresh(before, signal);
    return { step, changed: credentialFingerprint(this.host.current()?.doc) !== credentialFingerprint(before) };
  }
}

/**
 * Runs `recovery` until a step changes the credentials (what a 401 on manager.fetch() or on a
 * WebSocket upgrade does). Resolves true when a retry may succeed; false when recovery is over,
 * after handing a permanent failure to `onPermanent` (the manager's `reauthRequired`).
 */
export async function recoverFromUnauthorized(
  recovery: Pick<UnauthorizedRecovery, 'hasNext' | 'next'>,
  onPermanent: (e: CodexAuthError) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  while (recovery.hasNext()) {
    try {
      const { changed } = await recovery.next(signal);
      if (changed) return true;
    } catch (e) {
      if (isCodexAuthError(e, 'auth.aborted')) throw e;
      if (isPermanent(e)) onPermanent(e);
      return false;
    }
  }
  return false;
}
