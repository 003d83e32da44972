// Profile storage (src/profiles/storage.ts, record.ts): folder 0700, files 0600, atomic writes,
// the login inside the file (store `file`) or in a keyring entry (fake backend here; the real
// Secret Service in test/interop/profiles/keyring.test.ts), and `auto` falling back to the file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ProfileStorage } from '../../../src/profiles/storage.js';
import type { KeyringBackend, KeyringRequest } from '../../../src/store/keyring-backend.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { tempHomes } from '../../helpers/run.js';

const homes = tempHomes('codex-auth-profiles-unit-');
after(() => homes.cleanup());

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const DOC = {
  auth_mode: 'chatgpt' as const,
  OPENAI_API_KEY: null,
  tokens: {
    id_token: jwt({ email: 'a@example.com', 'https://api.openai.com/auth': { chatgpt_account_id: 'ws-a', chatgpt_user_id: 'u-a', chatgpt_plan_type: 'pro' } }),
    access_token: jwt({ exp: 2_000_000_000, iat: 1_999_996_400 }),
    refresh_token: 'rt-secret-1',
    account_id: 'ws-a',
  },
  last_refresh: '2026-12-01T10:00:00.000000000Z',
};

function fakeKeyring(fail = false): KeyringBackend & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    async call(req: KeyringRequest) {
      if (fail) return { ok: false, kind: 'unavailable', detail: 'no Secret Service' };
      if (req.op === 'set') items.set(req.account, req.secret);
      if (req.op === 'get') return { ok: true, value: items.get(req.account) ?? null };
      if (req.op === 'delete') return { ok: true, value: items.delete(req.account) };
      return { ok: true, value: null };
    },
  };
}

test('file variant: 0700 folder, 0600 file holding the login and a secret-free summary', async () => {
  const home = homes.make();
  const st = new ProfileStorage({ codexHome: home, kind: 'file', now: () => Date.parse('2026-12-02T00:00:00Z') });
  const rec = await st.write('work', DOC, null, { last_used: null });
  assert.equal(statSync(join(home, 'profiles')).mode & 0o777, 0o700);
  assert.equal(statSync(join(home, 'profiles', 'work.json')).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(join(home, 'profiles')), ['work.json'], 'no temp file left');
  assert.equal(rec.summary.email, 'a@example.com');
  assert.equal(rec.summary.plan_type, 'pro');
  assert.equal(rec.summary.expires_at, new Date(2_000_000_000_000).toISOString());
  assert.doesNotMatch(JSON.stringify(rec.summary), /rt-secret/);
  const back = await st.get('work');
  assert.deepEqual(await st.login(back), DOC);
  assert.deepEqual(await st.names(), ['work']);
});

test('keyring variant: the secret in the entry, nothing secret in the file', async () => {
  const home = homes.make();
  const kr = fakeKeyring();
  const st = new ProfileStorage({ codexHome: home, kind: 'keyring', now: Date.now, keyringBackend: kr });
  await st.write('work', DOC, null);
  const file = readFileSync(join(home, 'profiles', 'work.json'), 'utf8');
  assert.doesNotMatch(file, /rt-secret|refresh_token/);
  assert.equal(kr.items.size, 1);
  assert.match([...kr.items.keys()][0]!, /^cli\|[0-9a-f]{16}\|profile\|work$/);
  assert.deepEqual(await st.login(await st.get('work')), DOC);
  assert.equal(await st.remove(await st.get('work')), true);
  assert.equal(kr.items.size, 0);
  assert.equal(await st.read('work'), null);
});

test('auto without a keyring falls back to the file with a warning; keyring alone fails', async () => {
  const home = homes.make();
  const warnings: string[] = [];
  const auto = new ProfileStorage({ codexHome: home, kind: 'auto', now: Date.now, keyringBackend: fakeKeyring(true), warn: (m) => warnings.push(m) });
  const rec = await auto.write('work', DOC, null);
  assert.equal(rec.secret_store, 'file');
  assert.match(warnings.join('\n'), /keyring is unavailable.*profile work is saved to a file/);
  const strict = new ProfileStorage({ codexHome: homes.make(), kind: 'keyring', now: Date.now, keyringBackend: fakeKeyring(true) });
  await assert.rejects(strict.write('work', DOC, null), (e) => isCodexAuthError(e, 'store.keyring_unavailable'));
});

test('a damaged profile file is one secret-free line', async () => {
  const home = homes.make();
  const st = new ProfileStorage({ codexHome: home, kind: 'file', now: Date.now });
  await st.write('work', DOC, null);
  const path = join(home, 'profiles', 'work.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('"secret_store": "file"', '"secret_store": 5'));
  await assert.rejects(st.get('work'), (e) => isCodexAuthError(e, 'profiles.corrupt') && !/rt-secret/.test(e.message) && !e.message.includes('\n'));
  writeFileSync(path, '{');
  await assert.rejects(st.get('work'), (e) => isCodexAuthError(e, 'profiles.corrupt'));
});
