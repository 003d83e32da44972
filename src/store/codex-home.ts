/**
 * CODEX_HOME resolution (spec §1.1) and the keyring account key derived from it (spec §3.2,
 * observed §6): `cli|` + the first 16 hex chars of sha256(canonical CODEX_HOME).
 */
import { realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { envValue, type Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { rustIoError } from './rust-fmt.js';

export interface ResolveCodexHomeOptions {
  env: Env;
  /** The user's home directory (os.homedir()); undefined/'' when it cannot be determined. */
  homedir: string | undefined;
}

/**
 * `CODEX_HOME` when set and non-empty: it must exist and be a directory, and is canonicalized
 * (symlinks resolved). Otherwise `<home>/.codex`, not checked (created lazily by whoever writes).
 * Errors: CodexAuthError `store.codex_home` with the reference's message.
 */
export function resolveCodexHome({ env, homedir }: ResolveCodexHomeOptions): string {
  const value = envValue(env, 'CODEX_HOME');
  if (value === undefined) {
    if (!homedir) throw new CodexAuthError('store.codex_home', STORE.noHomeDir);
    return join(homedir, '.codex');
  }
  // The common case in one system call: realpath(3) of `<value>/` succeeds only for an existing
  // directory, and canonicalizes it. Anything else is diagnosed below with stat, as the reference does.
  try {
    return realpathSync.native(`${value}/`);
  } catch {
    // diagnosed below
  }
  let isDir: boolean;
  try {
    isDir = statSync(value).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CodexAuthError('store.codex_home', STORE.codexHomeMissing(value), { cause: e });
    }
    throw new CodexAuthError('store.codex_home', STORE.codexHomeRead(value, rustIoError(e)), { cause: e });
  }
  if (!isDir) throw new CodexAuthError('store.codex_home', STORE.codexHomeNotDir(value));
  try {
    return realpathSync.native(value); // libc realpath(3): the JS walk's answer at a fraction of its cost
  } catch (e) {
    throw new CodexAuthError('store.codex_home', STORE.codexHomeCanonicalize(value, rustIoError(e)), { cause: e });
  }
}

/**
 * CODEX_HOME from the process environment (spec §1.1): `HOME` from `env` wins over the user
 * database (`homedir`, called only when HOME is unset), like the reference and os.homedir() itself.
 */
export function codexHomeFromEnv(env: Env, homedir: () => string | undefined): string {
  return resolveCodexHome({ env, homedir: env['HOME'] || homedir() });
}

/** The canonical form of a CODEX_HOME path, or the path as given when it cannot be canonicalized. */
export function canonicalCodexHome(codexHome: string): string {
  try {
    return realpathSync.native(codexHome);
  } catch {
    return codexHome;
  }
}

/** Keyring account (and ephemeral-store key) for a CODEX_HOME: `cli|<16 hex of sha256>`. */
export function storeKey(codexHome: string): string {
  // node:crypto loaded here, not at start-up: reading credentials from auth.json does not need it.
  const hex = process.getBuiltinModule('node:crypto').createHash('sha256').update(canonicalCodexHome(codexHome), 'utf8').digest('hex');
  return `cli|${hex.slice(0, 16)}`;
}
