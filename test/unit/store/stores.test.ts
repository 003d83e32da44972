// keyring / auto / ephemeral stores with a scripted keyring backend (the real one: test/interop/store).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStore } from '../../../src/store/create-store.js';
import { KeyringStore } from '../../../src/store/keyring-store.js';
import { storeKey } from '../../../src/store/codex-home.js';
import type { KeyringBackend, KeyringRequest, KeyringResult } from '../../../src/store/keyring-backend.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { withTempHome } from '../../helpers/temp-home.js';

const DOC = { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-unit-1234567890' } as const;

/** An in-memory keyring, or one that fails every call in a given way. */
function fakeKeyring(mode: 'ok' | 'unavailable' | 'timeout' = 'ok') {
  const items = new Map<string, string>();
  const calls: Array<{ req: KeyringRequest; timeoutMs: number }> = [];
  const backend: KeyringBackend = {
    async call(req, timeoutMs): Promise<KeyringResult> {
      calls.push({ req, timeoutMs });
      if (mode === 'unavailable') return { ok: false, kind: 'unavailable', detail: 'Platform secure storage failure: no bus' };
      if (mode === 'timeout') return { ok: false, kind: 'timeout' };
      const k = `${req.service}/${req.account}`;
      if (req.op === 'get') return { ok: true, value: items.get(k) ?? null };
      if (req.op === 'set') {
        items.set(k, req.secret);
        return { ok: true, value: null };
      }
      return { ok: true, value: items.delete(k) };
    },
  };
  return { backend, items, calls };
}

test('keyring: absent → null; save stores compact JSON under Codex Auth / cli|<hash> and deletes auth.json', () =>
  withTempHome(async (home) => {
    const kr = fakeKeyring();
    const s = new KeyringStore({ codexHome: home, backend: kr.backend });
    assert.equal(await s.load(), null);
    writeFileSync(join(home, 'auth.json'), '{"OPENAI_API_KEY":"sk-old"}');
    await s.save({ ...DOC });
    assert.deepEqual([...kr.items], [[`Codex Auth/${storeKey(home)}`, '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-unit-1234567890"}']]);
    assert.ok(!existsSync(join(home, 'auth.json')));
    assert.deepEqual(await s.load(), { ...DOC });
    assert.equal(kr.calls[0]!.timeoutMs, 3000);
    // keyring ignores auth.json when loading
    writeFileSync(join(home, 'auth.json'), '{"OPENAI_API_KEY":"sk-file"}');
    assert.equal(await s.delete(), true);
    assert.equal(kr.items.size, 0);
    assert.ok(!existsSync(join(home, 'auth.json')));
    assert.equal(await s.delete(), false);
  }));

test('keyring: unavailable and timeout are errors with the reference wording, never "absent"', () =>
  withTempHome(async (home) => {
    for (const mode of ['unavailable', 'timeout'] as const) {
      const s = new KeyringStore({ codexHome: home, backend: fakeKeyring(mode).backend, timeoutMs: 250 });
      const detail = mode === 'timeout' ? 'Platform secure storage failure: the Secret Service did not answer within 250 ms' : 'Platform secure storage failure: no bus';
      for (const [op, prefix] of [
        [() => s.load(), 'failed to load CLI auth from keyring: '],
        [() => s.save({ ...DOC }), 'failed to write OAuth tokens to keyring: '],
        [() => s.delete(), 'failed to delete auth from keyring: '],
      ] as const) {
        await assert.rejects(op(), (e: unknown) => isCodexAuthError(e, 'store.keyring_unavailable') && e.message.startsWith(prefix + detail));
      }
    }
  }));

test('keyring: a malformed secret is reported as such', () =>
  withTempHome(async (home) => {
    const kr = fakeKeyring();
    kr.items.set(`Codex Auth/${storeKey(home)}`, '{"auth_mode":"nope"}');
    await assert.rejects(new KeyringStore({ codexHome: home, backend: kr.backend }).load(), (e: unknown) =>
      isCodexAuthError(e, 'store.malformed') &&
      e.message === 'failed to deserialize CLI auth from keyring: invalid credential JSON (Data at line 1 column 19)');
  }));

test('auto: keyring first, auth.json when the keyring has nothing', () =>
  withTempHome(async (home) => {
    const kr = fakeKeyring();
    const warnings: string[] = [];
    const s = createStore({ kind: 'auto', codexHome: home, keyringBackend: kr.backend, warn: (m) => warnings.push(m) });
    writeFileSync(join(home, 'auth.json'), '{"OPENAI_API_KEY":"sk-file"}');
    assert.deepEqual(await s.load(), { OPENAI_API_KEY: 'sk-file' });
    await s.save({ ...DOC });
    assert.ok(!existsSync(join(home, 'auth.json')));
    assert.deepEqual(await s.load(), { ...DOC });
    assert.equal(await s.delete(), true);
    assert.equal(await s.load(), null);
    assert.deepEqual(warnings, []);
  }));

test('auto without a keyring: falls back to auth.json with a visible warning; delete still works', () =>
  withTempHome(async (home) => {
    const warnings: string[] = [];
    const s = createStore({ kind: 'auto', codexHome: home, keyringBackend: fakeKeyring('unavailable').backend, warn: (m) => warnings.push(m) });
    const file = join(home, 'auth.json');
    await s.save({ ...DOC });
    assert.match(readFileSync(file, 'utf8'), /sk-unit-1234567890/);
    assert.deepEqual(await s.load(), { ...DOC });
    assert.equal(await s.delete(), true);
    assert.ok(!existsSync(file));
    assert.equal(await s.delete(), false);
    assert.deepEqual(warnings.slice(0, 3), [
      `Warning: failed to write OAuth tokens to keyring: Platform secure storage failure: no bus (start an unlocked Secret Service such as gnome-keyring, or set cli_auth_credentials_store = "file"); using ${file} instead`,
      `Warning: failed to load CLI auth from keyring: Platform secure storage failure: no bus (start an unlocked Secret Service such as gnome-keyring, or set cli_auth_credentials_store = "file"); using ${file} instead`,
      `Warning: failed to delete auth from keyring: Platform secure storage failure: no bus (start an unlocked Secret Service such as gnome-keyring, or set cli_auth_credentials_store = "file"); ${file} was deleted anyway`,
    ]);
  }));

test('ephemeral: process-local, keyed by CODEX_HOME, copies in and out, nothing on disk', () =>
  withTempHome(async (home) => {
    const a = createStore({ kind: 'ephemeral', codexHome: home });
    const b = createStore({ kind: 'ephemeral', codexHome: join(home, 'other') });
    const doc = { ...DOC };
    await a.save(doc);
    doc.OPENAI_API_KEY = 'sk-mutated' as typeof doc.OPENAI_API_KEY;
    assert.deepEqual(await a.load(), { ...DOC });
    assert.deepEqual(await createStore({ kind: 'ephemeral', codexHome: home }).load(), { ...DOC });
    assert.equal(await b.load(), null);
    assert.ok(!existsSync(join(home, 'auth.json')));
    assert.equal(await a.delete(), true);
    assert.equal(await a.delete(), false);
  }));

test('createStore builds each kind', () => {
  for (const kind of ['file', 'keyring', 'auto', 'ephemeral'] as const) {
    assert.equal(createStore({ kind, codexHome: '/tmp/x' }).kind, kind);
  }
});

test('deleteFromAllStores: ephemeral entry and the configured store', () =>
  withTempHome(async (home) => {
    const { deleteFromAllStores } = await import('../../../src/store/logout-all.js');
    await createStore({ kind: 'ephemeral', codexHome: home }).save({ ...DOC });
    writeFileSync(join(home, 'auth.json'), '{}');
    assert.equal(await deleteFromAllStores({ kind: 'file', codexHome: home }), true);
    assert.equal(await createStore({ kind: 'ephemeral', codexHome: home }).load(), null);
    assert.ok(!existsSync(join(home, 'auth.json')));
    assert.equal(await deleteFromAllStores({ kind: 'file', codexHome: home }), false);
    writeFileSync(join(home, 'auth.json'), '{}');
    assert.equal(await deleteFromAllStores({ kind: 'ephemeral', codexHome: home }), false, 'ephemeral mode leaves auth.json alone');
    assert.ok(existsSync(join(home, 'auth.json')));
  }));
