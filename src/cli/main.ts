// Placeholder wiring; replaced by the CLI work (issue 2).
import type { Readable, Writable } from 'node:stream';
import type { Env } from '../env.js';

export interface MainOptions {
  argv: string[];
  env: Env;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

export async function main(opts: MainOptions): Promise<number> {
  opts.stderr.write('codex-auth: not implemented yet\n');
  return 1;
}
