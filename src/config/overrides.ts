// `-c key=value` overrides (codex 0.169.0 `-c/--config`): a dotted key path and a value parsed as
// TOML; when the value is not valid TOML the raw text is used, trimmed of whitespace and quotes.
import { CodexAuthError } from '../errors.js';
import { CONFIG } from '../messages/config.js';

export interface ConfigOverride {
  /** The key path, split on `.` (`features.x` → ['features', 'x']). */
  path: string[];
  value: unknown;
}

/** A TOML document parser (smol-toml's `parse`, loaded lazily by the caller). */
export type TomlParse = (text: string) => Record<string, unknown>;

/** Checks the `key=value` shape of every `-c` argument; throws `config.override` on the first bad one. */
export function checkOverrides(raw: readonly string[]): void {
  for (const r of raw) splitOverride(r);
}

/** Parses every `-c` argument; throws `config.override` (`Invalid override ...`) on the first bad one. */
export function parseOverrides(raw: readonly string[], parseToml: TomlParse): ConfigOverride[] {
  return raw.map((r) => parseOverride(r, parseToml));
}

export function parseOverride(raw: string, parseToml: TomlParse): ConfigOverride {
  const { key, text } = splitOverride(raw);
  return { path: key.split('.'), value: parseValue(text, parseToml) };
}

function splitOverride(raw: string): { key: string; text: string } {
  const eq = raw.indexOf('=');
  if (eq < 0) throw new CodexAuthError('config.override', CONFIG.overrideMissingEquals(raw));
  const key = raw.slice(0, eq).trim();
  if (key === '') throw new CodexAuthError('config.override', CONFIG.overrideEmptyKey(raw));
  return { key, text: raw.slice(eq + 1) };
}

function parseValue(text: string, parseToml: TomlParse): unknown {
  try {
    return parseToml(`_x_ = ${text}`)['_x_'];
  } catch {
    return text.trim().replace(/^["']+|["']+$/g, '');
  }
}

/**
 * Sets an own property, whatever the key: `__proto__`, `constructor` and `prototype` are plain
 * keys (an assignment `t['__proto__'] = v` would replace the prototype instead).
 */
function setOwn(table: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(table, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Applies overrides in order onto a parsed TOML table (mutates and returns it). Only own tables
 * are descended into, and new ones have no prototype: `-c '__proto__.x=1'` sets a key named
 * `__proto__`, never `Object.prototype.x`.
 */
export function applyOverrides(root: Record<string, unknown>, overrides: readonly ConfigOverride[]): Record<string, unknown> {
  for (const { path, value } of overrides) {
    let table = root;
    for (const part of path.slice(0, -1)) {
      const next = Object.hasOwn(table, part) ? table[part] : undefined;
      if (next === null || typeof next !== 'object' || Array.isArray(next) || next instanceof Date) {
        const fresh: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        setOwn(table, part, fresh);
        table = fresh;
      } else {
        table = next as Record<string, unknown>;
      }
    }
    setOwn(table, path[path.length - 1]!, value);
  }
  return root;
}
