#!/usr/bin/env node
'use strict';
// The CLI entry point. CommonJS (bin/package.json) so starting it does not initialise Node's ESM
// loader. It first tries the quick path (dist/cli/quick.cjs, src/cli/quick.ts: `login status` and
// `token` in the common case, synchronously, from a small minified bundle); when that declines,
// it runs the full CLI, dist/cli/bundle.cjs, through V8's code cache (bin/load-cli.js). All built by
// `npm run build` (tsc + scripts/bundle.mjs). Why: docs/benchmarks.md, "Start-up".
// Never prints a stack trace or a secret: any unexpected failure is one line on stderr, exit 1.
const oneLine = (err) => (err && err.message ? String(err.message).split('\n')[0] : String(err));

const argv = process.argv.slice(2);
let quickCode;
try {
  quickCode = require('../dist/cli/quick.cjs').quickMain(argv);
} catch {
  quickCode = undefined; // no quick bundle (dist/ missing or stale): the full CLI says what to do
}
if (quickCode !== undefined) process.exitCode = quickCode;
else runFull();

function runFull() {
  // Ctrl-C: the first SIGINT aborts this signal (a waiting sign-in closes its server, frees the port
  // and main resolves 130); the process then exits even if a request is still in flight. Commands
  // that do not watch the signal are ended after a short grace; a second SIGINT exits at once.
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort(new Error('interrupted'));
    setTimeout(() => process.exit(130), 1500).unref();
  });

  let cli;
  try {
    cli = require('./load-cli.js').loadCli();
  } catch (err) {
    process.stderr.write(
      err && (err.code === 'ENOENT' || err.code === 'MODULE_NOT_FOUND')
        ? 'codex-auth: dist/ is missing: run `npm install` (or `npm run build`) in the codex-auth directory\n'
        : `codex-auth: failed to start: ${oneLine(err)}\n`,
    );
    process.exitCode = 1;
  }
  if (cli) {
    cli
      .main({
        argv,
        env: process.env,
        // A getter: touching process.stdin creates a stream; only commands that read stdin pay for it.
        get stdin() {
          return process.stdin;
        },
        stdout: process.stdout,
        stderr: process.stderr,
        signal: interrupt.signal,
      })
      .then(
        (code) => {
          process.exitCode = code;
          if (interrupt.signal.aborted) process.exit(code);
        },
        (err) => {
          process.stderr.write(`codex-auth: internal error: ${oneLine(err)}\n`);
          process.exitCode = 1;
        },
      );
  }
}
