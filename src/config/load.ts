// loadConfig: `<CODEX_HOME>/config.toml` (smol-toml) plus `-c key=value` overrides, validated the
// way codex 0.169.0 validates the keys auth uses. Errors are CodexAuthError `config.invalid`
// (the CLI prints `Error loading configuration: <message>`) or `config.override`
// (`Error parsing -c overrides: <message>`).
import { existsSync } from 'node:fs';
import { readRegularFile, readRegularFileSync } from '../safe-file.js';
import { join } from 'node:path';
import { CodexAuthError } from '../errors.js';
import { CONFIG } from '../messages/config.js';
import type { StoreKind } from '../store/types.js';
import { applyOverrides, checkOverrides, parseOverrides, type ConfigOverride } from './overrides.js';
import type { AuthConfig, LoginMethod } from './types.js';

export interface LoadConfigOptions {
  /** The resolved CODEX_HOME directory (see store/codex-home). */
  codexHome: string;
  /** Raw `-c key=value` arguments, in command-line order. */
  overrides?: readonly string[];
  /** `--enable <FEATURE>` / `--disable <FEATURE>`: same as `-c features.<name>=true|false`, applied last. */
  enable?: readonly string[];
  disable?: readonly string[];
  /** Reads config.toml; resolves null when the file does not exist. Defaults to node:fs. */
  readText?: (path: string) => Promise<string | null>;
}

/** smol-toml's surface that config loading uses (loaded only when there is TOML to read). */
export type Toml = Pick<typeof import('smol-toml'), 'parse' | 'TomlError'>;

const STORE_KINDS: readonly StoreKind[] = ['file', 'keyring', 'auto', 'ephemeral'];
const LOGIN_METHODS: readonly LoginMethod[] = ['chatgpt', 'api'];

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ENOENT';
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return (await readRegularFile(path)).toString('utf8');
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

let smolToml: Toml | undefined;

/** Whether loading needs a TOML parser: there is a config.toml, or `-c` values to parse. */
function needsToml(text: string | null, opts: Pick<LoadConfigOptions, 'overrides'>): boolean {
  return text !== null || (opts.overrides ?? []).length > 0;
}

function readFailed(file: string, e: unknown): CodexAuthError {
  return new CodexAuthError('config.invalid', CONFIG.readFailed(file, (e as Error).message));
}

export async function loadConfig(opts: LoadConfigOptions): Promise<AuthConfig> {
  checkOverrides(opts.overrides ?? []);
  const file = configTomlPath(opts.codexHome);
  let text: string | null;
  try {
    text = await (opts.readText ?? readIfExists)(file);
  } catch (e) {
    throw readFailed(file, e);
  }
  // smol-toml is loaded only when there is TOML to read (keeps `login status` startup small).
  const toml = needsToml(text, opts) ? (smolToml ??= await import('smol-toml')) : undefined;
  return configFromText(opts, text, toml);
}

/**
 * loadConfig for the CLI's synchronous quick path (src/cli/quick.ts): reads config.toml with
 * node:fs, and gets a TOML parser from `toml()` only when there is TOML to read.
 */
export function loadConfigSync(opts: Omit<LoadConfigOptions, 'readText'> & { toml: () => Toml }): AuthConfig {
  checkOverrides(opts.overrides ?? []);
  const file = configTomlPath(opts.codexHome);
  let text: string | null = null;
  // existsSync first: most homes have no config.toml, and a thrown ENOENT costs more than the check.
  if (existsSync(file)) {
    try {
      text = readRegularFileSync(file).toString('utf8');
    } catch (e) {
      if (!isMissing(e)) throw readFailed(file, e);
    }
  }
  return configFromText(opts, text, needsToml(text, opts) ? opts.toml() : undefined);
}

function configTomlPath(codexHome: string): string {
  return join(codexHome, 'config.toml');
}

/** The config from config.toml's text (null: no file) and the overrides; `toml` is set whenever needsToml. */
function configFromText(opts: LoadConfigOptions, text: string | null, toml: Toml | undefined): AuthConfig {
  const file = configTomlPath(opts.codexHome);
  const overrides: ConfigOverride[] = [];
  for (const name of opts.enable ?? []) overrides.push({ path: ['features', name], value: true });
  for (const name of opts.disable ?? []) overrides.push({ path: ['features', name], value: false });
  if (toml) overrides.unshift(...parseOverrides(opts.overrides ?? [], toml.parse));
  // Null-prototype tables: `__proto__`, `constructor`, `prototype` are plain keys (overrides.ts).
  let root: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (text !== null && toml) {
    const { parse: parseToml, TomlError } = toml;
    try {
      root = parseToml(text) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof TomlError)) throw e;
      const detail = e.message.split('\n')[0] ?? 'invalid TOML';
      throw new CodexAuthError('config.invalid', CONFIG.atFile(CONFIG.tomlSyntax(detail), file, e.line, e.column));
    }
  }
  const fromOverride = new Set(overrides.map((o) => o.path[0]!));
  applyOverrides(root, overrides);

  const fail = (key: string, message: string): never => {
    if (fromOverride.has(key) || text === null) throw new CodexAuthError('config.invalid', CONFIG.inKey(message, key), { details: { key } });
    const { line, column } = valuePosition(text, key);
    throw new CodexAuthError('config.invalid', CONFIG.atFile(message, file, line, column), { details: { key } });
  };

  const config: AuthConfig = { credentialsStore: 'file', features: Object.create(null) as Record<string, boolean>, codexHome: opts.codexHome };
  if (root['cli_auth_credentials_store'] !== undefined) {
    config.credentialsStore = enumValue(root['cli_auth_credentials_store'], STORE_KINDS, 'cli_auth_credentials_store', fail);
  }
  if (root['forced_login_method'] !== undefined) {
    config.forcedLoginMethod = enumValue(root['forced_login_method'], LOGIN_METHODS, 'forced_login_method', fail);
  }
  if (root['forced_chatgpt_workspace_id'] !== undefined) {
    const ids = workspaceIds(root['forced_chatgpt_workspace_id'], (m) => fail('forced_chatgpt_workspace_id', m));
    if (ids.length > 0) config.forcedWorkspaceIds = ids;
  }
  if (root['chatgpt_base_url'] !== undefined) {
    config.chatgptBaseUrl = stringValue(root['chatgpt_base_url'], (m) => fail('chatgpt_base_url', m));
  }
  const features = root['features'];
  if (features !== undefined) {
    if (!isTable(features)) fail('features', `invalid type: ${describe(features)}, expected struct FeaturesToml`);
    for (const [name, v] of Object.entries(features as Record<string, unknown>)) {
      if (typeof v === 'boolean') Object.defineProperty(config.features, name, { value: v, writable: true, enumerable: true, configurable: true });
    }
  }
  return config;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/** serde's words for a TOML value of the wrong type. */
function describe(v: unknown): string {
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return `integer \`${String(v)}\``;
  if (typeof v === 'number') return `floating point \`${String(v)}\``;
  if (typeof v === 'boolean') return `boolean \`${String(v)}\``;
  if (Array.isArray(v)) return 'sequence';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  return 'map';
}

function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  // A TOML date/time (smol-toml's TomlDate, a Date subclass) reads as its text, as in the reference.
  if (v instanceof Date) return v.toISOString();
  return undefined;
}

/** A serde unit-variant enum: a string naming a variant, or a one-entry table naming it. */
function enumValue<T extends string>(v: unknown, variants: readonly T[], key: string, fail: (key: string, m: string) => never): T {
  const wrongType = (m: string) => fail(key, CONFIG.withHint(m, CONFIG.enumHint(key, variants)));
  let name: string;
  if (typeof v === 'string') name = v;
  else if (isTable(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return wrongType(CONFIG.enumEmptyTable);
    if (keys.length > 1) return wrongType(CONFIG.enumBigTable);
    name = keys[0]!;
  } else return wrongType(CONFIG.enumNotString);
  if (!(variants as readonly string[]).includes(name)) return fail(key, CONFIG.unknownVariant(name, variants));
  return name as T;
}

function stringValue(v: unknown, fail: (m: string) => never): string {
  const s = asString(v);
  return s ?? fail(CONFIG.notAString(describe(v)));
}

function workspaceIds(v: unknown, fail: (m: string) => never): string[] {
  let list: string[];
  const single = asString(v);
  if (single !== undefined) {
    if (single.includes(',')) return fail(CONFIG.workspaceCommaString);
    list = [single];
  } else if (Array.isArray(v) && v.every((x) => asString(x) !== undefined)) {
    list = v.map((x) => asString(x)!);
  } else return fail(CONFIG.withHint(CONFIG.workspaceNotStringOrList, CONFIG.workspaceHint));
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

/** 1-based line and column of a top-level key's value in config.toml (best effort). */
function valuePosition(text: string, key: string): { line: number; column: number } {
  const lines = text.split('\n');
  const re = new RegExp(`^(\\s*["']?${key}["']?\\s*=\\s*)`);
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*\[/.test(lines[i]!)) break;
    const m = re.exec(lines[i]!);
    if (m) return { line: i + 1, column: Buffer.byteLength(m[1]!) + 1 };
  }
  return { line: 1, column: 1 };
}
