/**
 * The pasted-URL path: when the browser runs somewhere that cannot reach this machine's loopback
 * (another computer, a container), it ends on an unreachable `http://127.0.0.1:<port>/auth/callback?code=..&state=..`.
 * The person copies that address into the terminal; we take it through the same callback logic
 * (state checked and consumed) as if the browser had delivered it.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { CallbackOutcome } from './callback-server.js';

/** The callback query of a pasted address, or null when the text is not a callback URL. */
export function parsePastedCallback(text: string): URLSearchParams | null {
  let t = text.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) || (t.startsWith('<') && t.endsWith('>')))) {
    t = t.slice(1, -1).trim();
  }
  if (t === '') return null;
  let url: URL;
  try {
    url = /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? new URL(t) : new URL(t.startsWith('/') ? t : `/${t}`, 'http://127.0.0.1');
  } catch {
    return null;
  }
  if (!url.pathname.endsWith('/auth/callback')) return null;
  if (!url.searchParams.has('state')) return null;
  return url.searchParams;
}

export interface PasteReaderOptions {
  input: Readable;
  /** Feeds a parsed callback to the server (CallbackServer.processPasted). */
  submit: (params: URLSearchParams) => Promise<CallbackOutcome>;
  /** Tells the person why a line was not accepted. */
  say: {
    notACallback(): void;
    stateMismatch(): void;
    alreadyUsed(): void;
  };
}

export interface PasteReader {
  stop(): void;
}

export function startPasteReader(opts: PasteReaderOptions): PasteReader {
  const rl = createInterface({ input: opts.input, terminal: false, crlfDelay: Infinity });
  let stopped = false;
  rl.on('line', (line) => {
    if (stopped || line.trim() === '') return;
    const params = parsePastedCallback(line);
    if (params === null) {
      opts.say.notACallback();
      return;
    }
    void opts.submit(params).then((o) => {
      if (stopped) return;
      if (o.kind === 'state_mismatch') opts.say.stateMismatch();
      else if (o.kind === 'already_used') opts.say.alreadyUsed();
    });
  });
  // A closed or failing stdin just means nobody will paste.
  rl.on('error', () => {});
  opts.input.on('error', () => {});
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      rl.close();
      opts.input.pause();
    },
  };
}
