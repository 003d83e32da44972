// Fake CLI streams for driving `main()` and commands' `run()` in-process.
import { PassThrough, Readable, Writable } from 'node:stream';
import type { CliIO } from '../../src/cli/io.js';

export interface FakeIO extends CliIO {
  out(): string;
  err(): string;
}

class Capture extends Writable {
  text = '';
  isTTY?: boolean;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface FakeIOOptions {
  stdin?: string;
  stdinIsTTY?: boolean;
  env?: Record<string, string | undefined>;
  now?: number;
}

export function fakeIO(opts: FakeIOOptions = {}): FakeIO {
  const stdin: Readable & { isTTY?: boolean } = opts.stdinIsTTY ? new PassThrough() : Readable.from([Buffer.from(opts.stdin ?? '')]);
  if (opts.stdinIsTTY) stdin.isTTY = true;
  const stdout = new Capture();
  const stderr = new Capture();
  const now = opts.now ?? Date.UTC(2026, 10, 28, 12, 14, 10, 919);
  return {
    stdin,
    stdout,
    stderr,
    env: opts.env ?? {},
    now: () => now,
    out: () => stdout.text,
    err: () => stderr.text,
  };
}
