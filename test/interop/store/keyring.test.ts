// The keyring store against the real Secret Service (gnome-keyring in the test session) and the
// official binary: each finds what the other wrote; absent vs unavailable vs hung.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { KeyringStore } from '../../../src/store/keyring-store.js';
import { createStore } from '../../../src/store/create-store.js';
import { storeKey } from '../../../src/store/codex-home.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { baseEnv, runOfficial } from '../../helpers/run.js';
import { withTempHome } from '../../helpers/temp-home.js';

assert.equal(process.env.CODEX_AUTH_TEST_KEYRING, '1', 'run with `npm test` (private D-Bus session with gnome-keyring)');

const KEYRING = ['-c', 'cli_auth_credentials_store=keyring'];
const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
// Generous: the whole suite runs in parallel on 2 cores; the default (3 s) is checked in test/unit/store.
const T = 10_000;

/** secret-tool's view of our entries for one account: attribute lines and secrets. */
function items(account: string): string[] {
  const r = spawnSync('secret-tool', ['search', '--all', 'username', account], { encoding: 'utf8' });
  return (r.stdout + r.stderr).split('\n').filter((l) => /^(attribute\.|secret =|\[)/.test(l.trim()));
}

test('we write, the official binary reads; then it overwrites the same item (no duplicate); then we read', () =>
  withTempHome(async (home) => {
    const s = new KeyringStore({ codexHome: home, timeoutMs: T });
    await s.save({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-ours-1234567890ABCDE' });
    const view = items(storeKey(home));
    assert.ok(view.includes('attribute.service = Codex Auth'), view.join('\n'));
    assert.ok(view.includes('attribute.target = default'), view.join('\n'));
    assert.ok(view.includes('secret = {"auth_mode":"apikey","OPENAI_API_KEY":"sk-ours-1234567890ABCDE"}'), view.join('\n'));
    const st = await runOfficial([...KEYRING, 'login', 'status'], { env: baseEnv(home) });
    assert.equal(st.code, 0, st.stderr);
    assert.match(st.stderr, /API key configured - sk-ours-\*\*\*ABCDE/);
    const login = await runOfficial([...KEYRING, 'login', '--with-api-key'], { env: baseEnv(home), stdin: 'sk-official-1234567890' });
    assert.equal(login.code, 0, login.stderr);
    assert.equal(items(storeKey(home)).filter((l) => l.startsWith('[')).length, 1, 'exactly one item');
    assert.deepEqual(await s.load(), { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-official-1234567890' });
  }));

test('the official binary writes, we read and overwrite in place; our delete logs it out', () =>
  withTempHome(async (home) => {
    const login = await runOfficial([...KEYRING, 'login', '--with-api-key'], { env: baseEnv(home), stdin: 'sk-official-1234567890' });
    assert.equal(login.code, 0, login.stderr);
    assert.ok(items(storeKey(home)).includes('attribute.application = rust-keyring'));
    const s = new KeyringStore({ codexHome: home, timeoutMs: T });
    assert.deepEqual(await s.load(), { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-official-1234567890' });
    await s.save({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-ours-1234567890ABCDE' });
    assert.equal(items(storeKey(home)).filter((l) => l.startsWith('[')).length, 1, 'updated in place');
    assert.equal(await s.delete(), true);
    const st = await runOfficial([...KEYRING, 'login', 'status'], { env: baseEnv(home) });
    assert.equal(st.code, 1);
    assert.equal(st.stderr.trim(), 'Not logged in');
    assert.equal(await s.load(), null);
    assert.equal(await s.delete(), false);
  }));

test('official logout removes what we saved', () =>
  withTempHome(async (home) => {
    await new KeyringStore({ codexHome: home, timeoutMs: T }).save({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-ours-1234567890ABCDE' });
    const out = await runOfficial([...KEYRING, 'logout'], { env: baseEnv(home) });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(await new KeyringStore({ codexHome: home, timeoutMs: T }).load(), null);
  }));

test('a ChatGPT document round-trips through the keyring byte-compatible with the official reader', () =>
  withTempHome(async (home) => {
    const doc = {
      auth_mode: 'chatgpt' as const,
      OPENAI_API_KEY: null,
      tokens: { id_token: 'a.e30.s', access_token: 'at', refresh_token: 'rt', account_id: 'acct' },
      last_refresh: '2026-11-28T12:15:49.591163474Z',
    };
    await new KeyringStore({ codexHome: home, timeoutMs: T }).save(doc);
    const st = await runOfficial([...KEYRING, 'login', 'status'], { env: baseEnv(home) });
    assert.equal(st.stderr.trim(), 'Logged in using ChatGPT');
    assert.deepEqual(await new KeyringStore({ codexHome: home, timeoutMs: T }).load(), doc);
  }));

test('no D-Bus: unavailable (not absent), with the reference first words, like the official binary', () =>
  withTempHome(async (home) => {
    const s = new KeyringStore({ codexHome: home, env: baseEnv(home, NO_BUS), timeoutMs: T });
    const official = await runOfficial([...KEYRING, 'login', 'status'], { env: baseEnv(home, NO_BUS) });
    assert.match(official.stderr, /^Error checking login status: failed to load CLI auth from keyring: Platform secure storage failure: /);
    await assert.rejects(s.load(), (e: unknown) =>
      isCodexAuthError(e, 'store.keyring_unavailable') &&
      e.message.startsWith('failed to load CLI auth from keyring: Platform secure storage failure: ') && !e.message.includes('\n'));
    await assert.rejects(s.save({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-x-1234567890' }), (e: unknown) =>
      isCodexAuthError(e, 'store.keyring_unavailable') && e.message.startsWith('failed to write OAuth tokens to keyring: Platform secure storage failure: '));
    await assert.rejects(s.delete(), (e: unknown) =>
      isCodexAuthError(e, 'store.keyring_unavailable') && e.message.startsWith('failed to delete auth from keyring: Platform secure storage failure: '));
    assert.ok(!existsSync(join(home, 'auth.json')));
  }));

test('a D-Bus that never answers: every call times out instead of hanging', () =>
  withTempHome(async (home) => {
    const sockets: Socket[] = [];
    const server = createServer((sock) => sockets.push(sock)); // accepts, never replies
    const path = join(home, 'hung-bus');
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const s = new KeyringStore({ codexHome: home, env: baseEnv(home, { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path}` }), timeoutMs: 1500 });
      await assert.rejects(s.load(), (e: unknown) =>
        isCodexAuthError(e, 'store.keyring_unavailable') && e.details.timeout === true &&
        e.message.startsWith('failed to load CLI auth from keyring: Platform secure storage failure: the Secret Service did not answer within 1500 ms'));
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise((r) => server.close(r));
    }
  }));

test('auto without D-Bus: saves to auth.json with a warning, reads it back, and logout works (the reference fails)', () =>
  withTempHome(async (home) => {
    const warnings: string[] = [];
    const s = createStore({ kind: 'auto', codexHome: home, env: baseEnv(home, NO_BUS), keyringTimeoutMs: T, warn: (m) => warnings.push(m) });
    await s.save({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-auto-1234567890ABCDE' });
    assert.match(readFileSync(join(home, 'auth.json'), 'utf8'), /sk-auto-1234567890ABCDE/);
    const official = await runOfficial(['-c', 'cli_auth_credentials_store=auto', 'login', 'status'], { env: baseEnv(home, NO_BUS) });
    assert.equal(official.code, 0, official.stderr);
    assert.deepEqual(await s.load(), { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-auto-1234567890ABCDE' });
    const officialLogout = await runOfficial(['-c', 'cli_auth_credentials_store=auto', 'logout'], { env: baseEnv(home, NO_BUS) });
    assert.equal(officialLogout.code, 1, 'the reference bug this store fixes');
    assert.equal(await s.delete(), true);
    assert.ok(!existsSync(join(home, 'auth.json')));
    assert.equal(warnings.length, 3);
    assert.match(warnings[0]!, /^Warning: failed to write OAuth tokens to keyring: Platform secure storage failure: .*; using .*auth\.json instead$/);
    assert.match(warnings[2]!, /^Warning: failed to delete auth from keyring: .*auth\.json was deleted anyway$/);
  }));
