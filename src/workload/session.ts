/**
 * A workload identity session: the token of one configuration, in memory only (nothing is ever
 * written). token() serves it and renews it when due (renewal.ts), one exchange at a time however
 * many callers ask (single flight). A transient renewal failure keeps the old token until the
 * mandatory point (then `workload identity renewal temporarily unavailable; retry later`); a
 * permanent one fails at once. After a 401, renewAfterUnauthorized() renews unless another caller
 * already did. The subject (account, account user, user) is pinned by the first exchange: a
 * renewal for another subject is an invalid response.
 */
import type { Clock } from '../env.js';
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { WORKLOAD } from '../messages/workload.js';
import type { ExactClient } from '../net/exact-request.js';
import type { WorkloadConfig } from './config.js';
import { exchangeAssertion } from './exchange.js';
import { checkWorkloadPolicy, type WorkloadPolicy } from './policy.js';
import { renewalTimes } from './renewal.js';
import { invalidResponse, type WorkloadToken } from './response.js';

/** A transient failure is not retried sooner than this (while the old token is still served). */
const TRANSIENT_RETRY_MS = 5_000;

export interface HeldToken extends WorkloadToken {
  source: 'file' | 'spiffe';
  obtainedAt: number;
  expiresAt: number;
  softAt: number;
  hardAt: number;
}

export interface WorkloadSessionDeps {
  config: WorkloadConfig;
  now: Clock;
  client: ExactClient;
  /** The assertion for one exchange (the file re-read, or a new JWT-SVID). */
  assertion: () => Promise<string>;
  policy?: WorkloadPolicy;
}

export function isTransient(e: unknown): boolean {
  return isCodexAuthError(e) && e.details['transient'] === true;
}

export class WorkloadSession {
  private held: HeldToken | undefined;
  private inflight: Promise<HeldToken> | undefined;
  private retryAt = 0;
  /** How many exchanges were sent (for tests and the bench). */
  exchanges = 0;

  constructor(private readonly deps: WorkloadSessionDeps) {}

  get source(): 'file' | 'spiffe' {
    return this.deps.config.source.kind;
  }

  /** The held token when no renewal is due (synchronous: a request waits on nothing). */
  ready(): HeldToken | undefined {
    const h = this.held;
    return h && this.deps.now() < h.softAt ? h : undefined;
  }

  /** The token to use now, renewed first when due. */
  async token(): Promise<HeldToken> {
    const h = this.held;
    const now = this.deps.now();
    if (h && now < h.softAt) return h;
    if (h && now < h.hardAt && now < this.retryAt) return h;
    try {
      return await this.renew();
    } catch (e) {
      if (!h || !isTransient(e)) throw e;
      this.retryAt = this.deps.now() + TRANSIENT_RETRY_MS;
      if (this.deps.now() < h.hardAt) return h;
      throw new CodexAuthError('workload.renewal_unavailable', WORKLOAD.renewalUnavailable, { cause: e, details: { transient: true } });
    }
  }

  /** After a 401 for `rejected`: renews unless another caller already did. Resolves the token to retry with. */
  renewAfterUnauthorized(rejected: string): Promise<HeldToken> {
    const h = this.held;
    if (h && h.accessToken !== rejected) return Promise.resolve(h);
    return this.renew();
  }

  /** One exchange for every caller asking meanwhile. */
  renew(): Promise<HeldToken> {
    this.inflight ??= this.exchange().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async exchange(): Promise<HeldToken> {
    const obtainedAt = this.deps.now();
    const assertion = await this.deps.assertion();
    this.exchanges++;
    const token = await exchangeAssertion({ client: this.deps.client, config: this.deps.config, assertion });
    const pinned = this.held;
    if (pinned && (pinned.accountId !== token.accountId || pinned.accountUserId !== token.accountUserId || pinned.userId !== token.userId)) {
      throw invalidResponse();
    }
    checkWorkloadPolicy(this.deps.policy, token.accountId);
    const times = renewalTimes(obtainedAt, token.lifetimeSeconds);
    this.held = { ...token, source: this.source, obtainedAt, expiresAt: obtainedAt + token.lifetimeSeconds * 1000, ...times };
    this.retryAt = 0;
    return this.held;
  }
}
