// Runs our CLI in-process (main() with fake streams) with raw stdin bytes and an environment in
// which nothing can leave the machine: every proxy variable points at a closed loopback port and
// every endpoint override at another one, so a flow that tries the network fails at once.
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { fakeIO } from './fake-io.js';

/** A loopback port nothing listens on (connections are refused at once). */
export const CLOSED = 'http://127.0.0.1:9';

export function hermeticEnv(codexHome: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    CODEX_HOME: codexHome,
    HOME: codexHome,
    HTTPS_PROXY: CLOSED,
    HTTP_PROXY: CLOSED,
    ALL_PROXY: CLOSED,
    CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${CLOSED}/oauth/token`,
    CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${CLOSED}/oauth/revoke`,
    CODEX_AUTHAPI_BASE_URL: `${CLOSED}/api/accounts`,
    ...extra,
  };
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[], codexHome: string, opts: { stdin?: Uint8Array; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const io = fakeIO({ env: hermeticEnv(codexHome, opts.env) });
  const stdin = Readable.from(opts.stdin && opts.stdin.length > 0 ? [Buffer.from(opts.stdin)] : []);
  const code = await main({ argv, env: io.env, stdin, stdout: io.stdout, stderr: io.stderr, now: io.now });
  return { code, out: io.out(), err: io.err() };
}
