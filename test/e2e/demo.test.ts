// `npm start` is the project's front door: the demo must run end to end on a fresh machine, in a
// real headless Chromium and without one (the headless HTTP approval). It binds 1455, so it holds
// the machine-wide fixed-ports lock like the other loopback tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { holdFixedPorts } from '../helpers/fixed-ports.js';
import { repoRoot } from '../helpers/run.js';

function demo(env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'demo.mjs')], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

for (const [name, env] of [
  ['headless Chromium', {}],
  ['no browser (HTTP approval)', { CODEX_AUTH_DEMO_APPROVAL: 'http' }],
] as const) {
  test(`npm start: sign-in, status, token with one refresh, token without, logout with revoke — ${name}`, async () => {
    const release = await holdFixedPorts();
    try {
      const { code, out } = await demo(env);
      assert.equal(code, 0, out);
      assert.match(out, /│ Successfully logged in/);
      assert.match(out, /│ Logged in using ChatGPT/);
      assert.match(out, /refreshed it first \(1 refresh request/);
      assert.match(out, /Refresh requests this time: 0/);
      assert.match(out, /│ Successfully logged out\n\s+The issuer received 1 revoke request\(s\); auth.json is gone\./);
      assert.match(out, /│ Not logged in\n\s+exit code 1/);
    } finally {
      await release();
    }
  });
}
