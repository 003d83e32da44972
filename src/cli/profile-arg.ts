// `--profile NAME` on `token` and `login status`: a bad name is one line on stderr (the caller
// exits 2) before anything is read or written.
import { isCodexAuthError } from '../errors.js';
import type { CliIO } from './io.js';

export async function profileArgOk(io: CliIO, name: string): Promise<boolean> {
  const { checkProfileName } = await import('../profiles/name.js');
  try {
    checkProfileName(name);
    return true;
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`error: ${e.message}\n`);
    return false;
  }
}
