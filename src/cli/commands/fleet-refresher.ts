// `codex-auth fleet refresher`: a long-running member that refreshes the fleet's login when it
// is due (ahead of expiry: 300 s before, or half-way through a shorter life), so runners never
// wait. One line per refresh on stderr, never a secret. SIGTERM or SIGINT stops it: exit 0.
// Problems (Redis down, issuer errors, a fleet that needs a push) are one line each time they
// change, and it keeps trying.
import { isCodexAuthError } from '../../errors.js';
import { expiresAt } from '../../fleet/client.js';
import { FLEET } from '../../messages/fleet.js';
import { openCliFleet } from '../fleet-open.js';
import type { CliIO } from '../io.js';

const RETRY_MS = 2_000;
const MAX_SLEEP_MS = 30_000;

export async function run(opts: { io: CliIO }): Promise<number> {
  const { io } = opts;
  const f = await openCliFleet(io);
  const fleet = f.fleet;
  if (!fleet.isMember) {
    await f.close();
    io.stderr.write(`${FLEET.errorPrefix}${FLEET.keyRequired}\n`);
    return 1;
  }
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let running = true;
  const offs = (['SIGTERM', 'SIGINT'] as const).map((s) => io.onSignal?.(s, () => ((running = false), stop())));
  io.signal?.addEventListener('abort', () => ((running = false), stop()), { once: true });
  const line = (l: string) => io.stderr.write(`${l.replace(/[\u0000-\u001f\u007f]/g, '')}\n`);
  line(FLEET.refresherStarted(f.config.name, f.config.displayUrl));
  let lastProblem: string | undefined;
  try {
    while (running) {
      let sleepMs: number;
      try {
        let rec = await fleet.current();
        if (fleet.isDue(rec)) {
          const next = await fleet.refresh({ fromGen: rec.gen });
          if (next.gen !== rec.gen && next.madeBy === fleet.deps.memberId && next.madeHow === 'refresh') {
            line(FLEET.refresherRefreshed(next.gen, new Date(expiresAt(next)).toISOString()));
          }
          rec = next;
        }
        lastProblem = undefined;
        sleepMs = Math.min(MAX_SLEEP_MS, Math.max(0, fleet.deps.dueAt(rec) - io.now()));
      } catch (e) {
        if (!isCodexAuthError(e)) throw e;
        if (e.message !== lastProblem) line(FLEET.refresherProblem(e.message));
        lastProblem = e.message;
        sleepMs = RETRY_MS;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, sleepMs)))]);
      clearTimeout(timer);
    }
  } finally {
    for (const off of offs) off?.();
    await f.close();
  }
  line(FLEET.refresherStopped);
  return 0;
}
