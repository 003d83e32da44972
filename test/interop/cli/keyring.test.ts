// The CLI with cli_auth_credentials_store = keyring / auto against codex 0.171.0, on the test
// session's real Secret Service (gnome-keyring): what one logs in, the other reports and logs out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runOfficial, runOurs, tempDir } from '../../helpers/run.js';
import { runPair } from '../../helpers/interop-pair.js';

const KEYRING = ['-c', 'cli_auth_credentials_store=keyring'];
const AUTO = ['-c', 'cli_auth_credentials_store=auto'];
const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
const KEY = 'sk-keyring-1234567890ABCDE';
const STATUS = 'API key configured - sk-keyri***ABCDE\nAuthentication is checked when you send a request.\n';

async function withHome(fn: (home: string, env: Record<string, string>) => Promise<void>): Promise<void> {
  const d = tempDir();
  try {
    await fn(d.path, baseEnv(d.path));
  } finally {
    // Leave no entry behind in the session keyring.
    await runOurs(['logout', ...KEYRING], { env: baseEnv(d.path) });
    d.cleanup();
  }
}

test('keyring: ours logs in (no auth.json), official reports it, official logs out, ours agrees', () =>
  withHome(async (home, env) => {
    const login = await runOurs(['login', '--with-api-key', ...KEYRING], { env, stdin: KEY });
    assert.deepEqual([login.code, login.stderr], [0, 'Reading API key from stdin...\nAPI key saved. Authentication is checked when you send a request.\n']);
    assert.ok(!existsSync(join(home, 'auth.json')));
    const status = await runOfficial(['login', 'status', ...KEYRING], { env });
    assert.deepEqual([status.code, status.stderr], [0, STATUS]);
    const logout = await runOfficial(['logout', ...KEYRING], { env });
    assert.deepEqual([logout.code, logout.stderr], [0, 'Successfully logged out\n']);
    const after = await runOurs(['login', 'status', ...KEYRING], { env });
    assert.deepEqual([after.code, after.stderr], [1, 'Not logged in\n']);
  }));

test('keyring: official logs in, ours reports the same lines and logs out', () =>
  withHome(async (_home, env) => {
    const login = await runOfficial(['login', '--with-api-key', ...KEYRING], { env, stdin: KEY });
    assert.equal(login.code, 0, login.stderr);
    const official = await runOfficial(['login', 'status', ...KEYRING], { env });
    const ours = await runOurs(['login', 'status', ...KEYRING], { env });
    assert.deepEqual([ours.code, ours.stderr], [official.code, official.stderr]);
    assert.equal(ours.stderr, STATUS);
    const logout = await runOurs(['logout', ...KEYRING], { env });
    assert.deepEqual([logout.code, logout.stderr], [0, 'Successfully logged out\n']);
    const again = await runOurs(['logout', ...KEYRING], { env });
    assert.deepEqual([again.code, again.stderr], [0, 'Not logged in\n']);
    const after = await runOfficial(['login', 'status', ...KEYRING], { env });
    assert.deepEqual([after.code, after.stderr], [1, 'Not logged in\n']);
  }));

test('keyring ignores auth.json; auto falls back to it when the keyring has no entry (parity)', async () => {
  const files = { 'auth.json': `{"OPENAI_API_KEY":"${KEY}"}` };
  for (const args of [KEYRING, AUTO]) {
    const p = await runPair(['login', 'status', ...args], { files });
    try {
      assert.deepEqual([p.ours.result.code, p.ours.result.stderr], [p.official.result.code, p.official.result.stderr], args.join(' '));
    } finally {
      p.cleanup();
    }
  }
});

test('keyring: a keyring login removes an existing auth.json (both CLIs)', async () => {
  const p = await runPair(['login', '--with-api-key', ...KEYRING], { files: { 'auth.json': '{"OPENAI_API_KEY":"sk-old"}' }, stdin: KEY });
  try {
    assert.deepEqual([p.ours.result.code, p.ours.result.stderr], [p.official.result.code, p.official.result.stderr]);
    assert.equal(existsSync(join(p.ours.home, 'auth.json')), existsSync(join(p.official.home, 'auth.json')));
    assert.equal(existsSync(join(p.ours.home, 'auth.json')), false);
  } finally {
    await runOurs(['logout', ...KEYRING], { env: baseEnv(p.ours.home) });
    await runOfficial(['logout', ...KEYRING], { env: baseEnv(p.official.home) });
    p.cleanup();
  }
});

test('keyring without a D-Bus session: the same first words and exit codes as the official binary; nothing stored', async () => {
  const cases: [string[], string, RegExp][] = [
    [['login', 'status', ...KEYRING], '', /^Error checking login status: failed to load CLI auth from keyring: Platform secure storage failure: /],
    [['logout', ...KEYRING], '', /^Error logging out: failed to delete auth from keyring: Platform secure storage failure: /],
    [['login', '--with-api-key', ...KEYRING], KEY, /^Reading API key from stdin...\nError logging in: failed to write OAuth tokens to keyring: Platform secure storage failure: /],
  ];
  for (const [args, stdin, re] of cases) {
    const p = await runPair(args, { env: NO_BUS, stdin, files: { 'auth.json': '{"OPENAI_API_KEY":"sk-file-1234567890"}' } });
    try {
      assert.match(p.official.result.stderr, re, `official ${args.join(' ')}`);
      assert.match(p.ours.result.stderr, re, `ours ${args.join(' ')}`);
      assert.equal(p.ours.result.code, p.official.result.code);
      assert.equal(p.ours.result.code, 1);
      assert.ok(existsSync(join(p.ours.home, 'auth.json')), 'auth.json untouched');
    } finally {
      p.cleanup();
    }
  }
});

test('auto without a D-Bus session: status reads auth.json like the official binary (ours adds a warning line)', async () => {
  const d = tempDir();
  try {
    writeFileSync(join(d.path, 'auth.json'), `{"OPENAI_API_KEY":"${KEY}"}`);
    const env = baseEnv(d.path, NO_BUS);
    const official = await runOfficial(['login', 'status', ...AUTO], { env });
    const ours = await runOurs(['login', 'status', ...AUTO], { env });
    assert.deepEqual([official.code, official.stderr], [0, STATUS]);
    assert.equal(ours.code, 0);
    assert.ok(ours.stderr.endsWith(STATUS), ours.stderr);
    assert.match(ours.stderr, /^Warning: failed to load CLI auth from keyring: .*; using .*auth\.json instead\n/);
  } finally {
    d.cleanup();
  }
});
