/**
 * Waiting for the fleet to move on (another member is refreshing, or a runner waits for a
 * refresher): wakes on the `events` channel (pub/sub) and, in case a message is missed or pub/sub
 * is not allowed, re-checks every `pollMs`. One subscription per FleetClient, opened on first use.
 */
import type { FleetRedis } from './redis.js';

export class GenerationWatch {
  private waiters = new Set<() => void>();
  private subscribed: Promise<void> | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly redis: FleetRedis,
    private readonly channel: string,
    private readonly pollMs = 200,
  ) {}

  /** Resolves on the next event, after `pollMs`, or at `untilMs` (ms since epoch), whichever is first. */
  async next(now: () => number, untilMs: number): Promise<void> {
    const first = this.subscribed === undefined;
    await this.subscribe();
    // A commit published before we were subscribed is missed: let the caller look again at once.
    if (first) return;
    const wait = Math.max(0, Math.min(this.pollMs, untilMs - now()));
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.waiters.add(done);
    });
  }

  private subscribe(): Promise<void> {
    this.subscribed ??= this.redis
      .subscribe(this.channel, () => {
        for (const w of [...this.waiters]) w();
      })
      .then(
        (off) => {
          this.unsubscribe = off;
        },
        () => {
          // Not allowed or not reachable: polling alone still works.
        },
      );
    return this.subscribed;
  }

  async close(): Promise<void> {
    for (const w of [...this.waiters]) w();
    await this.unsubscribe?.().catch(() => {});
  }
}
