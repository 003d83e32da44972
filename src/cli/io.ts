// The IO every command gets injected: streams (with isTTY), the environment and the clock.
// Only bin/ and main.ts touch the real process; tests pass fake streams.
import type { Readable, Writable } from 'node:stream';
import type { Clock, Env } from '../env.js';

export type InStream = Readable & { isTTY?: boolean };
export type OutStream = Writable & { isTTY?: boolean };

export interface CliIO {
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
  env: Env;
  now: Clock;
  /** Aborted on SIGINT (bin/ installs the handler); long-running flows stop and exit 130. */
  signal?: AbortSignal;
}

/** Writes one line (adds the newline). */
export function writeLine(stream: OutStream, line: string): void {
  stream.write(`${line}\n`);
}

/** Reads a stream to EOF as UTF-8. */
export async function readAll(stream: InStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
