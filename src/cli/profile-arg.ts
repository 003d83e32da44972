// `--profile NAME` on `token` and `login status`, else CODEX_AUTH_PROFILE: a bad name is one line
// on stderr (the caller exits 2) before anything is read or written.
import { envValue } from '../env.js';
import { isCodexAuthError } from '../errors.js';
import type { CliIO } from './io.js';

/** The profile to use (undefined: the current login), or null after printing the bad name's line. */
export async function chosenProfile(io: CliIO, arg: string | undefined): Promise<string | undefined | null> {
  const name = arg ?? envValue(io.env, 'CODEX_AUTH_PROFILE');
  if (name === undefined) return undefined;
  const { checkProfileName } = await import('../profiles/name.js');
  try {
    return checkProfileName(name, arg === undefined ? 'env' : 'argument');
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`error: ${e.message}\n`);
    return null;
  }
}
