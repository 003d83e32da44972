/**
 * A test hook (env-gated, inert otherwise): with `CODEX_AUTH_TEST_PAUSE_AT=<point>` in the
 * injected env, `profile use` stops at that point — locks held, writes so far made — after
 * announcing `codex-auth-test-paused <point>` on stderr, and waits there until it is killed. Tests
 * SIGKILL it at exactly that step instead of racing a timer.
 */
import { envValue, type Env } from '../env.js';

export type PausePoint = 'locked' | 'parked' | 'activated';

export async function pauseAt(env: Env, point: PausePoint, announce: (line: string) => void): Promise<void> {
  if (envValue(env, 'CODEX_AUTH_TEST_PAUSE_AT') !== point) return;
  announce(`codex-auth-test-paused ${point}`);
  await new Promise<never>(() => {
    setInterval(() => {}, 1 << 30);
  });
}
