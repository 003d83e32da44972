// 127.0.0.1:1455 and :1457 are machine-wide: every worktree, clone or CI job on this host that runs
// its copy of test/e2e/login/loopback-1455.test.ts competes for them. Two copies at once break
// each other in a way that looks like a hang: the second `codex-auth login` sends /cancel to the
// first (the reference takeover), takes 1455, and the first test's browser callback lands on the
// wrong server (400 state mismatch), so /success never comes. This lock serializes those files
// across processes; "one file per run" alone only covers a single `npm test`.
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withFlock } from '../../src/store/flock.js';

export const FIXED_PORTS = [1455, 1457] as const;
export const FIXED_PORTS_LOCK = join(tmpdir(), 'codex-auth-tests-ports-1455-1457.lock');

export interface HoldOptions {
  /** Lock file (tests of this helper use their own). */
  path?: string;
  /** How long to wait for another holder (default 170 s, under the 180 s test timeout). */
  timeoutMs?: number;
  /** Ports that must be free once the lock is held (default 1455 and 1457). */
  ports?: readonly number[];
  /** How long to wait for a port still held by a process that does not take the lock. */
  portWaitMs?: number;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * Takes the machine-wide lock for the fixed login ports, then waits until the ports are free.
 * Resolves with the release function; rejects with a one-line reason naming what is in the way.
 */
export async function holdFixedPorts(opts: HoldOptions = {}): Promise<() => Promise<void>> {
  const path = opts.path ?? FIXED_PORTS_LOCK;
  const timeoutMs = opts.timeoutMs ?? 170_000;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let acquired!: () => void;
  const got = new Promise<void>((r) => (acquired = r));
  const held = withFlock(
    path,
    0o666,
    async () => {
      acquired();
      await released;
    },
    { onTimeout: () => new Error(`another test run held ${path} for ${timeoutMs} ms; wait for it to finish, then run again`), timeoutMs },
  );
  await Promise.race([got, held]);
  const done = async () => {
    release();
    await held;
  };
  const deadline = performance.now() + (opts.portWaitMs ?? 60_000);
  for (const port of opts.ports ?? FIXED_PORTS) {
    while (!(await portFree(port))) {
      if (performance.now() >= deadline) {
        await done();
        throw new Error(`127.0.0.1:${port} is held by a process outside ${path} (an older copy of the fixed-port tests?); stop it and run again`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return done;
}
