// `codex-auth token`: body comes from another helper. Until then: one line, exit 1.
import type { CliIO } from '../io.js';

export interface TokenOptions {
  io: CliIO;
  /** Everything after `token` on the command line, unparsed (the implementation parses it). */
  args: string[];
}

export async function run(opts: TokenOptions): Promise<number> {
  opts.io.stderr.write('codex-auth token: not implemented yet\n');
  return 1;
}
