/**
 * A member's view of the fleet: read the current generation, and refresh it exactly once
 * fleet-wide (docs/fleet.md, "Exactly once"). `refresh({ fromGen })` returns a record newer than
 * `fromGen` when someone else already made one; otherwise, when the record is due (or forced),
 * takes the lease and spends the generation (spend.ts), or waits for the member that holds the
 * lease. Runners (no key) never spend: they serve the token while it is valid and otherwise wait
 * for a member to refresh it.
 */
import { randomBytes } from 'node:crypto';
import { CodexAuthError } from '../errors.js';
import { FLEET } from '../messages/fleet.js';
import { leaseMs } from './config.js';
import { needsPushError, notLoggedInError } from './errors.js';
import { fleetKeys, pairs, parseAccess, type AccessRecord, type FleetKeys } from './records.js';
import { spendGeneration } from './spend.js';
import type { FleetDeps } from './types.js';
import { GenerationWatch } from './wait.js';

export interface RefreshAsk {
  /** The generation the caller holds and wants replaced. */
  fromGen: number;
  /** Spend it even when not due (the issuer's resource server refused the access token). */
  force?: boolean;
}

export class FleetClient {
  readonly keys: FleetKeys;
  private readonly watch: GenerationWatch;
  /** One refresh at a time in this process; concurrent asks for the same generation join it. */
  private inflight: { fromGen: number; run: Promise<AccessRecord> } | undefined;

  constructor(readonly deps: FleetDeps) {
    this.keys = fleetKeys(deps.config.prefix);
    this.watch = new GenerationWatch(deps.redis, this.keys.events);
  }

  get isMember(): boolean {
    return this.deps.key !== undefined;
  }

  /** The access record (one round trip), or null when the fleet holds no login. */
  async read(): Promise<AccessRecord | null> {
    return parseAccess(pairs(await this.deps.redis.call(['HGETALL', this.keys.access])));
  }

  /** The record, failing like a refresh would when the fleet cannot serve (nothing, or needs a push). */
  async current(): Promise<AccessRecord> {
    const rec = await this.read();
    if (!rec) throw notLoggedInError(this.deps.config.name);
    if (rec.state === 'needs_push') throw needsPushError(this.deps.config.name, rec.reason);
    return rec;
  }

  isDue(rec: AccessRecord): boolean {
    return this.deps.now() >= this.deps.dueAt(rec);
  }

  refresh(ask: RefreshAsk): Promise<AccessRecord> {
    if (this.inflight?.fromGen === ask.fromGen && !ask.force) return this.inflight.run;
    const run = this.refreshLoop(ask).finally(() => {
      if (this.inflight?.run === run) this.inflight = undefined;
    });
    this.inflight = { fromGen: ask.fromGen, run };
    return run;
  }

  /** The longest a refresh() waits: a holder may finish (or its lease run out), then one attempt of ours. */
  get maxWaitMs(): number {
    return leaseMs(this.deps.config) + this.deps.config.requestTimeoutMs + 5_000;
  }

  private async refreshLoop(ask: RefreshAsk): Promise<AccessRecord> {
    const { config, now, redis } = this.deps;
    const lease = leaseMs(config);
    const deadline = now() + this.maxWaitMs;
    for (;;) {
      const rec = await this.current();
      if (rec.gen !== ask.fromGen) return rec;
      if (!ask.force && !this.isDue(rec)) return rec;
      if (!this.isMember) {
        if (now() < expiresAt(rec)) return rec; // a runner serves a valid token; a member refreshes it
        if (now() >= deadline) throw new CodexAuthError('fleet.expired', FLEET.expiredNoRefresher(config.name));
      } else {
        const owner = `${this.deps.memberId}/${randomBytes(9).toString('base64url')}`;
        const got = await redis.call(['SET', this.keys.lease, owner, 'NX', 'PX', String(lease)]);
        if (got === 'OK') {
          const made = await spendGeneration(this, rec, owner);
          if (made) return made;
          continue;
        }
        if (now() >= deadline) throw new CodexAuthError('fleet.lease_timeout', FLEET.leaseWaitTimeout(config.name, Math.round(lease / 1000)));
      }
      await this.watch.next(now, deadline);
    }
  }

  async close(): Promise<void> {
    await this.watch.close();
    await this.deps.redis.close();
  }
}

/** The access token's `exp` (ms), or 0 when it carries none (treated as expired). */
export function expiresAt(rec: AccessRecord): number {
  try {
    const payload = JSON.parse(Buffer.from(rec.accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}
