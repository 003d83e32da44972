/**
 * Profile names (issue 14, storage): 1–64 characters of `[A-Za-z0-9._-]`, not `.` or `..`. A name
 * becomes a file name (`$CODEX_HOME/profiles/NAME.json`) and part of a keyring account, so
 * anything else is refused before anything is read or written.
 */
import { CodexAuthError } from '../errors.js';
import { PROFILES } from '../messages/profiles.js';

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function isValidProfileName(name: string): boolean {
  return NAME.test(name) && name !== '.' && name !== '..';
}

/** Returns `name` when valid; throws CodexAuthError `profiles.bad_name` (one line) otherwise. */
export function checkProfileName(name: string, from: 'argument' | 'env' = 'argument'): string {
  if (isValidProfileName(name)) return name;
  throw new CodexAuthError('profiles.bad_name', from === 'env' ? PROFILES.badEnvName(name) : PROFILES.badName(name));
}
