// `codex-auth issuer`: starts the embedded issuer; body comes from another helper. Until then: one line, exit 1.
import type { CliIO } from '../io.js';

export interface IssuerOptions {
  io: CliIO;
  /** Everything after `issuer` on the command line, unparsed (the implementation parses it). */
  args: string[];
}

export async function run(opts: IssuerOptions): Promise<number> {
  opts.io.stderr.write('codex-auth issuer: not implemented yet\n');
  return 1;
}
