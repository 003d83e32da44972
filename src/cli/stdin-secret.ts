// Reading a secret piped on stdin (spec §8.1, §7.1): refuse a terminal, announce, read to EOF,
// trim outer whitespace the way Rust does (inner newlines are kept), refuse empty. Messages go to stderr.
import type { CliIO } from './io.js';
import { readAll } from './io.js';
import { LOGIN } from '../messages/login.js';

export interface StdinSecretMessages {
  tty: string;
  reading: string;
  empty: string;
}

export const API_KEY_STDIN: StdinSecretMessages = { tty: LOGIN.apiKeyTty, reading: LOGIN.readingApiKey, empty: LOGIN.noApiKey };
export const ACCESS_TOKEN_STDIN: StdinSecretMessages = {
  tty: LOGIN.accessTokenTty,
  reading: LOGIN.readingAccessToken,
  empty: LOGIN.noAccessToken,
};

/** The trimmed secret, or null after printing why there is none (the caller exits 1). */
export async function readStdinSecret(io: CliIO, messages: StdinSecretMessages): Promise<string | null> {
  if (io.stdin.isTTY) {
    io.stderr.write(`${messages.tty}\n`);
    return null;
  }
  io.stderr.write(`${messages.reading}\n`);
  let text: string;
  try {
    text = await readAll(io.stdin);
  } catch (e) {
    io.stderr.write(`${LOGIN.readStdinFailed((e as Error).message)}\n`);
    return null;
  }
  const secret = rustTrim(text);
  if (secret === '') {
    io.stderr.write(`${messages.empty}\n`);
    return null;
  }
  return secret;
}

/**
 * Rust's `str::trim` (what the reference applies): strips Unicode White_Space, which includes
 * U+0085 but not U+FEFF — unlike JavaScript's `trim`, which does the opposite for those two.
 */
const WHITE_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const OUTER_WHITE_SPACE = new RegExp(`^${WHITE_SPACE}+|${WHITE_SPACE}+$`, 'g');
export function rustTrim(s: string): string {
  return s.replace(OUTER_WHITE_SPACE, '');
}
