// Runs our CLI in-process (main() with fake streams) against a given CODEX_HOME.
import { main } from '../../src/cli/main.js';
import { fakeIO, type FakeIOOptions } from './fake-io.js';

export interface InProcResult {
  code: number;
  out: string;
  err: string;
}

export async function runInProc(argv: string[], codexHome: string, opts: FakeIOOptions = {}): Promise<InProcResult> {
  const io = fakeIO({ ...opts, env: { CODEX_HOME: codexHome, ...(opts.env ?? {}) } });
  const code = await main({ argv, env: io.env, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, now: io.now });
  return { code, out: io.out(), err: io.err() };
}
