// `codex-auth fleet <push|status|exec|refresher|logout>`: one login shared by many machines
// through Redis (docs/fleet.md). This file only dispatches; each subcommand is its own file
// (fleet-*.ts). Argument errors: usage on stderr, exit 2; -h/--help: usage on stdout, exit 0.
import { isCodexAuthError } from '../../errors.js';
import { FLEET } from '../../messages/fleet.js';
import type { CliIO } from '../io.js';

export interface FleetOptions {
  io: CliIO;
  /** Everything after `fleet` on the command line. */
  args: string[];
}

function usageError(io: CliIO, line: string): number {
  io.stderr.write(`${line}\n\n${FLEET.usage}`);
  return 2;
}

export async function run(opts: FleetOptions): Promise<number> {
  const { io, args } = opts;
  const [sub, ...rest] = args;
  if (sub === undefined) return usageError(io, 'error: a fleet command is required');
  if (sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout.write(FLEET.usage);
    return 0;
  }
  try {
    switch (sub) {
      case 'push':
        if (rest.length > 0) return usageError(io, `error: unexpected argument '${rest[0]}' found`);
        return await (await import('./fleet-push.js')).run({ io });
      case 'status': {
        const bad = rest.find((a) => a !== '--json');
        if (bad !== undefined) return usageError(io, `error: unexpected argument '${bad}' found`);
        return await (await import('./fleet-status.js')).run({ io, json: rest.includes('--json') });
      }
      case 'logout':
        if (rest.length > 0) return usageError(io, `error: unexpected argument '${rest[0]}' found`);
        return await (await import('./fleet-logout.js')).run({ io });
      case 'refresher':
        if (rest.length > 0) return usageError(io, `error: unexpected argument '${rest[0]}' found`);
        return await (await import('./fleet-refresher.js')).run({ io });
      case 'exec': {
        const command = rest[0] === '--' ? rest.slice(1) : rest;
        if (command.length === 0) return usageError(io, FLEET.execUsage);
        return await (await import('./fleet-exec.js')).run({ io, command });
      }
      default:
        return usageError(io, FLEET.unknownCommand(sub));
    }
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${FLEET.errorPrefix}${e.message}\n`);
    return 1;
  }
}
