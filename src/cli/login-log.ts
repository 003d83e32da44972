// `<CODEX_HOME>/log/codex-login.log`: every `login` variant appends to it (observed §0): the
// directory is created 0755, the file 0600, lines look like
// `2026-11-28T12:14:10.919853Z  INFO codex_cli::login: starting device code login flow`.
// Never pass a secret to it. Failing to open it only warns (spec §1.2) and logging goes on nowhere.
import { appendFileSync, chmodSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../env.js';

export type LogLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG';

export interface LoginLog {
  /** `target` is the Rust-style module path, e.g. `codex_cli::login`. */
  write(level: LogLevel, target: string, message: string): void;
  info(message: string): void;
  warn(target: string, message: string): void;
}

/** The log line timestamp: RFC 3339 UTC with microseconds (our clock has ms, so the last 3 are 0). */
export function logTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function formatLogLine(ms: number, level: LogLevel, target: string, message: string): string {
  return `${logTimestamp(ms)} ${level.padStart(5)} ${target}: ${message.replace(/\r?\n/g, ' ')}\n`;
}

export function openLoginLog(codexHome: string, now: Clock, warn: (line: string) => void): LoginLog {
  const dir = join(codexHome, 'log');
  const file = join(dir, 'codex-login.log');
  let ok = true;
  try {
    // A CODEX_HOME we create holds credentials: 0700 (the reference's 0755 applies to log/ only).
    mkdirSync(codexHome, { recursive: true, mode: 0o700 });
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  } catch (e) {
    ok = false;
    warn(`Warning: failed to open login log ${file}: ${(e as Error).message}`);
  }
  const write = (level: LogLevel, target: string, message: string): void => {
    if (!ok) return;
    try {
      appendFileSync(file, formatLogLine(now(), level, target, message), { mode: 0o600 });
    } catch {
      ok = false;
    }
  };
  return {
    write,
    info: (message) => write('INFO', 'codex_cli::login', message),
    warn: (target, message) => write('WARN', target, message),
  };
}
