#!/usr/bin/env node
// The CLI entry point: everything lives in dist/cli/main.js (built by `npm install` via `prepare`).
import { main } from '../dist/cli/main.js';

main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Last resort: never print a stack trace or a secret.
    process.stderr.write(`codex-auth: internal error: ${err && err.message ? String(err.message).split('\n')[0] : 'unknown'}\n`);
    process.exitCode = 1;
  },
);
