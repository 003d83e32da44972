// Cross-writes: what one CLI writes, the other reads (and removes) the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runOfficial, runOurs, tempDir } from '../../helpers/run.js';

const KEY = 'sk-cross-1234567890ABCDE';
const STATUS = 'API key configured - sk-cross***ABCDE\nAuthentication is checked when you send a request.\n';

test('ours writes an API key; the official binary reads it and logs out', async () => {
  const d = tempDir();
  try {
    const env = baseEnv(d.path);
    const login = await runOurs(['login', '--with-api-key'], { env, stdin: `${KEY}\n` });
    assert.equal(login.code, 0, login.stderr);
    const status = await runOfficial(['login', 'status'], { env });
    assert.deepEqual([status.code, status.stderr], [0, STATUS]);
    const logout = await runOfficial(['logout'], { env });
    assert.deepEqual([logout.code, logout.stderr], [0, 'Successfully logged out\n']);
    assert.ok(!existsSync(join(d.path, 'auth.json')));
  } finally {
    d.cleanup();
  }
});

test('the official binary writes an API key; ours reads it and logs out', async () => {
  const d = tempDir();
  try {
    const env = baseEnv(d.path);
    const login = await runOfficial(['login', '--with-api-key'], { env, stdin: `${KEY}\n` });
    assert.equal(login.code, 0, login.stderr);
    const status = await runOurs(['login', 'status'], { env });
    assert.deepEqual([status.code, status.stderr], [0, STATUS]);
    const logout = await runOurs(['logout'], { env });
    assert.deepEqual([logout.code, logout.stderr], [0, 'Successfully logged out\n']);
    assert.ok(!existsSync(join(d.path, 'auth.json')));
    const after = await runOfficial(['login', 'status'], { env });
    assert.deepEqual([after.code, after.stderr], [1, 'Not logged in\n']);
  } finally {
    d.cleanup();
  }
});

test('ours appends to the login log the official binary created, in the same format', async () => {
  const d = tempDir();
  try {
    const env = baseEnv(d.path);
    const { readFileSync, statSync } = await import('node:fs');
    const log = join(d.path, 'log', 'codex-login.log');
    await runOfficial(['login', '--with-api-key'], { env, stdin: KEY });
    // (0.169.0's background log writer sometimes exits before flushing its line: keep what is there.)
    const before = readFileSync(log, 'utf8');
    await runOurs(['login', '--with-api-key'], { env, stdin: KEY });
    const after = readFileSync(log, 'utf8');
    assert.ok(after.startsWith(before), 'appended, not rewritten');
    assert.match(after.slice(before.length), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z {2}INFO codex_cli::login: starting api key login flow\n$/);
    for (const l of after.split('\n').filter(Boolean)) assert.match(l, /^\S+Z {2}INFO codex_cli::login: starting api key login flow$/);
    assert.ok(!after.includes(KEY));
    assert.equal(statSync(log).mode & 0o777, 0o600);
  } finally {
    d.cleanup();
  }
});
