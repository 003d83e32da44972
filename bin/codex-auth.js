#!/usr/bin/env node
// The CLI entry point: everything lives in dist/cli/main.js (built by `npm install` via `prepare`).
// Never prints a stack trace or a secret: any unexpected failure is one line on stderr, exit 1.
const oneLine = (err) => (err && err.message ? String(err.message).split('\n')[0] : String(err));

// Ctrl-C: the first SIGINT aborts this signal (a waiting sign-in closes its server, frees the port
// and main resolves 130); the process then exits even if a request is still in flight. Commands
// that do not watch the signal are ended after a short grace; a second SIGINT exits at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort(new Error('interrupted'));
  setTimeout(() => process.exit(130), 1500).unref();
});

import('../dist/cli/main.js').then(
  ({ main }) =>
    main({
      argv: process.argv.slice(2),
      env: process.env,
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: interrupt.signal,
    }).then(
      (code) => {
        process.exitCode = code;
        if (interrupt.signal.aborted) process.exit(code);
      },
      (err) => {
        process.stderr.write(`codex-auth: internal error: ${oneLine(err)}\n`);
        process.exitCode = 1;
      },
    ),
  (err) => {
    const missing = err && err.code === 'ERR_MODULE_NOT_FOUND';
    process.stderr.write(
      missing
        ? 'codex-auth: dist/ is missing: run `npm install` (or `npm run build`) in the codex-auth directory\n'
        : `codex-auth: failed to start: ${oneLine(err)}\n`,
    );
    process.exitCode = 1;
  },
);
