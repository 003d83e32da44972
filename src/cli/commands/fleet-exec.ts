// `codex-auth fleet exec [--] CMD ARGS…`: runs CMD (e.g. the official `codex`) on the fleet's
// login, unmodified: a private CODEX_HOME (fleet/exec-home.ts) and a loopback refresh/revoke
// endpoint (fleet/exec-endpoint.ts) for the child's lifetime. The child never sees the refresh
// token, the fleet's URL (it may hold a password) or the key file. Exits with the child's code
// (128 + signal when it was killed), forwards SIGINT/SIGTERM, removes the home on every exit path.
import { spawn } from 'node:child_process';
import { expiresAt } from '../../fleet/client.js';
import { createExecHome } from '../../fleet/exec-home.js';
import { startExecEndpoint } from '../../fleet/exec-endpoint.js';
import { FLEET } from '../../messages/fleet.js';
import { openCliFleet } from '../fleet-open.js';
import type { CliIO } from '../io.js';
import { resolveHome } from '../store-access.js';

const SIGNAL_CODES: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

export async function run(opts: { io: CliIO; command: string[] }): Promise<number> {
  const { io } = opts;
  const [cmd, ...args] = opts.command as [string, ...string[]];
  const f = await openCliFleet(io);
  let rec = await f.fleet.current();
  // Never start the child on an expired token (a child that is not codex could not refresh it);
  // a token that is only due is refreshed when the child asks (the endpoint below).
  if (io.now() >= expiresAt(rec)) rec = await f.fleet.refresh({ fromGen: rec.gen, force: true });
  const home = await createExecHome(rec, resolveHome(io.env));
  const offExit = io.onExit?.(home.remove);
  const endpoint = await startExecEndpoint(f.fleet, home.placeholder, rec).catch(async (e: unknown) => {
    home.remove();
    await f.close();
    throw e;
  });
  const env: Record<string, string | undefined> = {
    ...io.env,
    CODEX_HOME: home.path,
    CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${endpoint.url}/oauth/token`,
    CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${endpoint.url}/oauth/revoke`,
  };
  for (const k of ['CODEX_AUTH_FLEET_URL', 'CODEX_AUTH_FLEET_KEY_FILE', 'CODEX_ACCESS_TOKEN']) delete env[k];
  const offs: Array<(() => void) | undefined> = [];
  // Handlers first: the child may run (and be waited on) before spawn() returns, and a signal that
  // arrived with no handler would end us without forwarding it or removing the home.
  let child: ReturnType<typeof spawn> | undefined;
  let pending: NodeJS.Signals | undefined;
  for (const s of ['SIGINT', 'SIGTERM'] as const) offs.push(io.onSignal?.(s, () => (child ? child.kill(s) : (pending = s))));
  try {
    return await new Promise<number>((resolve) => {
      child = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, stdio: 'inherit' });
      if (pending) child.kill(pending);
      child.once('error', (e) => {
        io.stderr.write(`${FLEET.errorPrefix}${FLEET.execSpawn(cmd, (e as NodeJS.ErrnoException).code ?? 'failed')}\n`);
        resolve(127);
      });
      child.once('exit', (code, signal) => resolve(code ?? 128 + (SIGNAL_CODES[signal ?? ''] ?? 1)));
    });
  } finally {
    for (const off of offs) off?.();
    await endpoint.close();
    home.remove();
    offExit?.();
    await f.close();
  }
}
