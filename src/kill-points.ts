/**
 * Test-only kill points, so crash tests do not depend on the machine's speed: with
 * `CODEX_AUTH_TEST_KILL_POINT=<name>[#<skip>]@<fd>` in the CLI's environment (read once by
 * cli/main.ts), the process reaches the named point (after skipping it `<skip>` times), writes
 * `<name>\n` to file descriptor `<fd>` (a pipe the test holds) and waits there forever; the test
 * then SIGKILLs it at exactly that moment. Unarmed, `killPoint` is a no-op. A leaf module.
 *
 * Points: `atomic:temp-created`, `atomic:temp-written`, `atomic:temp-synced` (before the rename),
 * `atomic:renamed` (before the directory fsync), `delete:locked` (before the unlink),
 * `refresh:answered` (the issuer rotated the token; nothing saved yet).
 */
import { writeSync } from 'node:fs';

let armed: { name: string; skip: number; fd: number } | undefined;

/** Arms the point a spec names (malformed specs arm nothing). */
export function armKillPoint(spec: string | undefined): void {
  const m = spec ? /^([a-z:-]+)(?:#(\d+))?@(\d+)$/.exec(spec) : null;
  armed = m ? { name: m[1]!, skip: Number(m[2] ?? 0), fd: Number(m[3]) } : undefined;
}

/** At an armed point: says so on the pipe and never returns (until SIGKILL). */
export function killPoint(name: string): Promise<void> | undefined {
  if (armed === undefined || armed.name !== name) return undefined;
  if (armed.skip-- > 0) return undefined;
  writeSync(armed.fd, `${name}\n`);
  return new Promise<void>(() => {
    setInterval(() => {}, 1 << 30);
  });
}
