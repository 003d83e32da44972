// The IO every command gets injected: streams (with isTTY), the environment and the clock.
// Only bin/ and main.ts touch the real process; tests pass fake streams.
import type { Clock, Env, InStream, OutStream } from '../env.js';
export type { InStream, OutStream };
import { STORE } from '../messages/store.js';


export interface CliIO {
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
  env: Env;
  now: Clock;
  /** Aborted on SIGINT (bin/ installs the handler); long-running flows stop and exit 130. */
  signal?: AbortSignal;
  /** Subscribes to a process signal (long-running commands: SIGTERM); returns the unsubscribe. */
  onSignal?: (signal: NodeJS.Signals, handler: () => void) => () => void;
  /** Runs `handler` synchronously when the process exits, however it exits; returns the unsubscribe. */
  onExit?: (handler: () => void) => () => void;
}

/** Writes one line (adds the newline). */
export function writeLine(stream: OutStream, line: string): void {
  stream.write(`${line}\n`);
}

/**
 * Reads a stream to EOF as UTF-8, like Rust's `read_to_string`: invalid UTF-8 rejects with
 * `stream did not contain valid UTF-8` (never replaced by U+FFFD), and a leading BOM is kept.
 */
export async function readAll(stream: InStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new Error(STORE.invalidUtf8);
  }
}
