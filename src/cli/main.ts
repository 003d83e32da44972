// The CLI entry (bin/codex-auth.js calls `main`): the only place that sees the real process.
// The most common invocations without options (`login status`, `logout`, `token [--json]`) go straight to their
// command; everything else goes through the commander program (./program.ts), loaded lazily so
// those two start fast. Never prints a stack trace: an unexpected error is one line, exit 1.
import { systemClock, type Clock, type Env } from '../env.js';
import { ARGS } from '../messages/help.js';
import { configureLocks } from '../store/lock-config.js';
import { NO_CONFIG_ARGS } from './config-args.js';
import type { CliIO, InStream, OutStream } from './io.js';
import { plainInvocation } from './quick.js';

export interface MainOptions {
  argv: string[];
  env: Env;
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
  now?: Clock;
  /** Aborted on SIGINT (see bin/codex-auth.js). */
  signal?: AbortSignal;
}

/**
 * Invocations with nothing to parse (routed by the quick path's plainInvocation, the one routing
 * of them): the same result as through the program, minus commander.
 */
async function fastPath(io: CliIO, argv: string[]): Promise<number | undefined> {
  const inv = plainInvocation(argv);
  if (inv?.command === 'login status') return (await import('./commands/login-status.js')).run({ io, configArgs: NO_CONFIG_ARGS });
  if (inv?.command === 'logout') return (await import('./commands/logout.js')).run({ io, configArgs: NO_CONFIG_ARGS });
  if (inv?.command === 'token') return (await import('./commands/token.js')).run({ io, configArgs: NO_CONFIG_ARGS, json: inv.json });
  return undefined;
}

function onSignal(signal: NodeJS.Signals, handler: () => void): () => void {
  process.on(signal, handler);
  return () => process.off(signal, handler);
}

function onExit(handler: () => void): () => void {
  process.once('exit', handler);
  return () => process.off('exit', handler);
}

/** Runs the CLI; resolves the exit code. */
export async function main(opts: MainOptions): Promise<number> {
  const io: CliIO = { stdin: opts.stdin, stdout: opts.stdout, stderr: opts.stderr, env: opts.env, now: opts.now ?? systemClock, signal: opts.signal, onSignal, onExit };
  try {
    // Which lock mechanism to try first, and where its one-line notice goes (store/lock-mechanism.ts).
    configureLocks({ prefer: opts.env['CODEX_AUTH_LOCK'], notice: (line) => io.stderr.write(`${line}\n`) });
    // Crash tests only (kill-points.ts): pause at a named point so the test can SIGKILL us there.
    const killAt = opts.env['CODEX_AUTH_TEST_KILL_POINT'];
    if (killAt !== undefined) (await import('../kill-points.js')).armKillPoint(killAt);
    const fast = await fastPath(io, opts.argv);
    if (fast !== undefined) return fast;
    return await (await import('./program.js')).runProgram(io, opts.argv);
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    io.stderr.write(`${ARGS.internalError(detail ?? 'unknown')}\n`);
    return 1;
  }
}
