/**
 * "Waiting for the sign-in" feedback: a one-line spinner with the elapsed time on a TTY, plain
 * lines otherwise (one at the start, then one a minute). Other output goes through `print` so
 * the spinner line never garbles it.
 */
import type { Writable } from 'node:stream';
import type { Clock } from '../../env.js';
import { LOGIN_FLOW } from '../../messages/login-flow.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export interface WaitIndicator {
  /** Writes a full line (newline added) above the spinner. */
  print(line: string): void;
  stop(): void;
}

export interface WaitIndicatorOptions {
  stream: Writable & { isTTY?: boolean };
  now: Clock;
  /** TTY redraw period. */
  frameMs?: number;
  /** Non-TTY "still waiting" period. */
  plainEveryMs?: number;
}

export function startWaitIndicator(opts: WaitIndicatorOptions): WaitIndicator {
  const start = opts.now();
  const out = opts.stream;
  let stopped = false;
  if (out.isTTY) {
    let frame = 0;
    const draw = () => {
      out.write(`\r\x1b[2K${FRAMES[frame % FRAMES.length]} ${LOGIN_FLOW.spinner(formatElapsed(opts.now() - start))}`);
      frame++;
    };
    draw();
    const timer = setInterval(draw, opts.frameMs ?? 120);
    timer.unref();
    return {
      print(line) {
        out.write(`\r\x1b[2K${line}\n`);
        if (!stopped) draw();
      },
      stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        out.write('\r\x1b[2K');
      },
    };
  }
  out.write(`${LOGIN_FLOW.waiting}\n`);
  const timer = setInterval(() => out.write(`${LOGIN_FLOW.stillWaiting(formatElapsed(opts.now() - start))}\n`), opts.plainEveryMs ?? 60_000);
  timer.unref();
  return {
    print(line) {
      out.write(`${line}\n`);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
