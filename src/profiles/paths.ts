/**
 * Where profiles live: `$CODEX_HOME/profiles/` (0700), one `NAME.json` (0600) per profile and a
 * `NAME.lock` flock file next to it; keyring entries use the CODEX_HOME's keyring account plus
 * `|profile|NAME`, so they never collide with the login's own entry.
 */
import { join } from 'node:path';
import { storeKey } from '../store/codex-home.js';

export const PROFILES_DIR = 'profiles';

export function profilesDir(codexHome: string): string {
  return join(codexHome, PROFILES_DIR);
}

export function profileFile(codexHome: string, name: string): string {
  return join(profilesDir(codexHome), `${name}.json`);
}

export function profileLockFile(codexHome: string, name: string): string {
  return join(profilesDir(codexHome), `${name}.lock`);
}

export function profileKeyringAccount(codexHome: string, name: string): string {
  return `${storeKey(codexHome)}|profile|${name}`;
}
