// `codex-auth fleet exec [--] CMD ARGS…` (see fleet/exec-*.ts).
import type { CliIO } from '../io.js';

export async function run(opts: { io: CliIO; command: string[] }): Promise<number> {
  opts.io.stderr.write('fleet exec: not available yet\n');
  return 1;
}
