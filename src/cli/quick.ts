// The CLI's quick path: `login status`, `token` and `token --json` — what shells, prompts and
// scripts run before every command — answered synchronously from a small bundle
// (dist/cli/quick.cjs), so they start almost as fast as `node -e 0` (docs/benchmarks.md,
// "Start-up"). It covers the common case: config.toml (or none) and no `-c` flags, the file
// store, no CODEX_ACCESS_TOKEN or CODEX_AUTH_PROFILE (nor `--profile`), a well-formed auth.json holding an API key, Bedrock key or ChatGPT
// tokens that need no refresh. It decides before writing anything: for every other case it
// returns undefined and bin/codex-auth.js runs the full CLI (src/cli/main.ts), which answers as
// it always did. Its answers come from the same functions the full commands use
// (stored-status.ts, token-output.ts, auth/load.ts, auth/auth-info.ts, refresh-policy.ts).
import { existsSync, readFileSync, writeSync } from 'node:fs';
import { readRegularFileSync } from '../safe-file.js';
import { join } from 'node:path';
import { describe, isManaged } from '../auth/auth-info.js';
import { fromDocSync } from '../auth/load.js';
import { policyOf } from '../config/policy.js';
import { shouldRefreshProactively } from '../auth/refresh-policy.js';
import { tokenTimes } from '../auth/token-claims.js';
import { loadConfigSync, type Toml } from '../config/load.js';
import type { AuthConfig } from '../config/types.js';
import { envValue, type Clock, type Env } from '../env.js';
import { STATUS } from '../messages/status.js';
import { parseAuthDotJsonPlain } from '../store/auth-json-fast.js';
import { codexHomeFromEnv } from '../store/codex-home.js';
import type { AuthDotJson } from '../store/types.js';
import { fleetCachePath } from '../fleet/cache-path.js';
import { docOf } from '../fleet/doc.js';
import type { AccessRecord } from '../fleet/records.js';
import { isWorkloadSelected } from '../workload/selection.js';
import { storedStatus } from './stored-status.js';
import { writeToken, type TokenWriters } from './token-output.js';

export interface QuickOptions extends TokenWriters {
  argv: readonly string[];
  env: Env;
  now: Clock;
  /** The user's home directory (os.homedir()), for the default CODEX_HOME when HOME is unset. */
  homedir: () => string;
  /** smol-toml, loaded only when there is a config.toml to read. */
  toml: () => Toml;
}

/** An invocation with nothing to parse (no flags but `token --json`). */
export type PlainInvocation = { command: 'login status' } | { command: 'logout' } | { command: 'token'; json: boolean };

/**
 * Routes argv once for the quick path and the full CLI's fast path (main.ts): the plain
 * invocations, or undefined for everything commander must parse.
 */
export function plainInvocation(argv: readonly string[]): PlainInvocation | undefined {
  const [a, b] = argv;
  const n = argv.length;
  if (n === 2 && a === 'login' && b === 'status') return { command: 'login status' };
  if (n === 1 && a === 'logout') return { command: 'logout' };
  if (a === 'token' && (n === 1 || (n === 2 && b === '--json'))) return { command: 'token', json: n === 2 };
  return undefined;
}

/** The exit code after answering, or undefined when the full CLI must answer (nothing was written). */
export function quick(opts: QuickOptions): number | undefined {
  const inv = plainInvocation(opts.argv);
  if (inv === undefined || inv.command === 'logout') return undefined;
  try {
    // Everything that can fail or needs more than a file read happens before anything is written.
    const config = quickConfig(opts);
    if (!config) return undefined;
    // In a fleet: `token` from this host's copy of the fleet's record while it is not due.
    const fleetUrl = envValue(opts.env, 'CODEX_AUTH_FLEET_URL');
    if (fleetUrl) {
      if (inv.command !== 'token') return undefined;
      const doc = readFleetDoc(config.codexHome, fleetUrl, opts.env);
      return doc ? token(opts, config, doc, inv.json) : undefined;
    }
    const stored = readStoredDoc(config.codexHome);
    if (!stored) return undefined;
    if (inv.command === 'login status') return status(opts, config, stored.doc);
    return token(opts, config, stored.doc, inv.json);
  } catch {
    // Any error: the full CLI reports it with the reference's words.
    return undefined;
  }
}

/** The config when it is one the quick path serves (the file store, no CODEX_ACCESS_TOKEN, no workload identity); else undefined. */
function quickConfig(opts: QuickOptions): AuthConfig | undefined {
  if (envValue(opts.env, 'CODEX_ACCESS_TOKEN')?.trim() || isWorkloadSelected(opts.env)) return undefined;
  if (envValue(opts.env, 'CODEX_AUTH_PROFILE') !== undefined) return undefined; // a saved profile: the full CLI answers
  const codexHome = codexHomeFromEnv(opts.env, opts.homedir);
  const config = loadConfigSync({ codexHome, toml: opts.toml });
  return config.credentialsStore === 'file' ? config : undefined;
}

/** auth.json (`doc` null when there is none) when it is plain; else undefined. */
function readStoredDoc(codexHome: string): { doc: AuthDotJson | null } | undefined {
  const path = join(codexHome, 'auth.json');
  if (!existsSync(path)) return { doc: null }; // cheaper than a thrown ENOENT (a dangling link counts as absent, as in FileStore)
  let bytes: Buffer;
  try {
    bytes = readRegularFileSync(path); // special files: the full reader says why
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? { doc: null } : undefined;
  }
  const text = bytes.toString('utf8');
  if (text.includes('\ufffd')) return undefined; // not UTF-8 (or a literal U+FFFD): the full reader decides
  const doc = parseAuthDotJsonPlain(text);
  return doc === undefined ? undefined : { doc };
}

/** The fleet's access record this host cached (fleet/cache.ts), as the document the AuthManager would serve; else undefined. */
function readFleetDoc(codexHome: string, url: string, env: Env): AuthDotJson | undefined {
  const name = envValue(env, 'CODEX_AUTH_FLEET_NAME') ?? 'default';
  const path = /^[A-Za-z0-9._-]{1,64}$/.test(name) ? fleetCachePath(codexHome, url, name) : undefined;
  if (!path || !existsSync(path)) return undefined;
  const rec = JSON.parse(readFileSync(path, 'utf8')) as Partial<AccessRecord>;
  if (rec.state !== 'ok' || typeof rec.gen !== 'number' || typeof rec.accessToken !== 'string' || typeof rec.idToken !== 'string') return undefined;
  return docOf(rec as AccessRecord);
}

function status(opts: QuickOptions, config: AuthConfig, doc: AuthDotJson | null): number | undefined {
  const said = doc === null ? ({ kind: 'notLoggedIn' } as const) : storedStatus(config, doc);
  switch (said.kind) {
    case 'notLoggedIn':
      opts.stderr(`${STATUS.notLoggedIn}\n`);
      return 1;
    case 'lines':
      opts.stderr(said.lines.map((l) => `${l}\n`).join(''));
      return 0;
    default:
      return undefined; // a PAT or Agent Identity (asks the issuer), or an error the full CLI words
  }
}

function token(opts: QuickOptions, config: AuthConfig, doc: AuthDotJson | null, json: boolean): number | undefined {
  const auth = doc === null ? null : fromDocSync(doc, 'store', policyOf(config));
  if (auth === undefined) return undefined; // a PAT or Agent Identity
  if (auth && isManaged(auth) && shouldRefreshProactively(tokenTimes(auth.doc), opts.now())) return undefined; // refresh first
  return writeToken(opts, auth && describe(auth), json);
}

/**
 * Writes all of `text` to a file descriptor synchronously (the quick path ends right after).
 * A pipe that would block (EAGAIN) gets the rest through `stream`, which queues it; a reader
 * that went away (EPIPE) gets nothing, as with any CLI.
 */
function fdWriter(fd: number, stream: () => NodeJS.WriteStream): (text: string) => void {
  return (text) => {
    let buf = Buffer.from(text, 'utf8');
    try {
      while (buf.length > 0) buf = buf.subarray(writeSync(fd, buf));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') stream().write(buf);
    }
  };
}

/**
 * bin/codex-auth.js's call: the quick path on the real process. node:os and node:module are
 * loaded only when needed (no HOME; a config.toml to parse): loading them costs start-up time.
 */
export function quickMain(argv: readonly string[]): number | undefined {
  return quick({
    argv,
    env: process.env,
    now: Date.now,
    homedir: () => process.getBuiltinModule('node:os').homedir(),
    toml: () => process.getBuiltinModule('node:module').createRequire(import.meta.url)('smol-toml') as Toml,
    stdout: fdWriter(1, () => process.stdout),
    stderr: fdWriter(2, () => process.stderr),
  });
}
