/**
 * Workload identity as the AuthManager sees it (codex-0171-delta.md §1.6): a credential source
 * owned by the host (src/workload/ implements it) that hands out short-lived ChatGPT access tokens
 * held in memory only. When one is configured it replaces every stored credential (fail-closed):
 * the manager asks it for the token on each getAuth() (it renews when due, single-flight), signs
 * requests with `Bearer <token>` + `ChatGPT-Account-ID`, and after a 401 asks it to renew once.
 * Nothing of it is ever written to a store.
 */
import { CodexAuthError } from '../errors.js';
import type { ResolvedAuth } from './load.js';
import type { StepResult } from './recovery.js';

/** One exchanged token. */
export interface HostToken {
  accessToken: string;
  accountId: string;
  userId: string;
  planType?: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/** What the manager asks of a workload identity source (src/workload/session.ts satisfies it). */
export interface HostCredentials {
  /** `file` or `spiffe`. */
  readonly source: string;
  /** The held token when no renewal is due (synchronous). */
  ready(): HostToken | undefined;
  /** The token to use now (renewed first when due). Rejects with the configuration/exchange error. */
  token(): Promise<HostToken>;
  /** After a 401 for `rejected`: a renewed token (or the one another caller already renewed to). */
  renewAfterUnauthorized(rejected: string): Promise<HostToken>;
}

/** A selected but invalid configuration: every call fails with its error (no fallback). */
export function refusedHostCredentials(source: string, error: CodexAuthError): HostCredentials {
  return { source, ready: () => undefined, token: () => Promise.reject(error), renewAfterUnauthorized: () => Promise.reject(error) };
}

const resolvedOf = new WeakMap<HostToken, ResolvedAuth>();

/** The token as resolved credentials (one object per token, so request headers are computed once per token). */
export function hostAuth(token: HostToken, source: string): ResolvedAuth {
  let auth = resolvedOf.get(token);
  if (!auth) {
    auth = {
      mode: 'chatgptAuthTokens',
      source: 'workload',
      doc: { OPENAI_API_KEY: null, auth_mode: 'chatgptAuthTokens', tokens: { id_token: '', access_token: token.accessToken, refresh_token: '', account_id: token.accountId } },
      workload: { source, userId: token.userId, expiresAt: token.expiresAt, ...(token.planType !== undefined ? { planType: token.planType } : {}) },
    };
    resolvedOf.set(token, auth);
  }
  return auth;
}

/** The 401 recovery for workload identity: one renewal. */
export class WorkloadRecovery {
  private done = false;

  constructor(
    private readonly host: HostCredentials,
    private readonly current: () => ResolvedAuth | null | undefined,
    private readonly adopt: (auth: ResolvedAuth) => void,
  ) {}

  hasNext(): boolean {
    return !this.done;
  }

  async next(): Promise<StepResult> {
    this.done = true;
    const before = this.current()?.doc?.tokens?.access_token ?? '';
    const token = await this.host.renewAfterUnauthorized(before);
    this.adopt(hostAuth(token, this.host.source));
    return { step: 'workload_renewal', changed: token.accessToken !== before };
  }
}
