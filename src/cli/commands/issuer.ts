// `codex-auth issuer`: starts the embedded issuer (src/issuer/, which parses its own arguments and
// runs until SIGINT/SIGTERM). See docs/issuer.md.
import type { CliIO } from '../io.js';

export interface IssuerOptions {
  io: CliIO;
  /** Everything after `issuer` on the command line, unparsed (the implementation parses it). */
  args: string[];
}

export async function run(opts: IssuerOptions): Promise<number> {
  const { runIssuerCli } = await import('../../issuer/cli.js');
  return runIssuerCli({ argv: opts.args, stdout: opts.io.stdout, stderr: opts.io.stderr, env: opts.io.env });
}
