import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '../../../src/store/file-store.js';
import { commitLockPath } from '../../../src/store/atomic-write.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { withTempHome } from '../../helpers/temp-home.js';

const API = { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-test-1234567890' } as const;


test('load: missing → null; save → exact bytes, 0600, locks created, no temp files left', () =>
  withTempHome(async (home) => {
    const s = new FileStore({ codexHome: home });
    assert.equal(await s.load(), null);
    await s.save({ ...API });
    const p = join(home, 'auth.json');
    assert.equal(readFileSync(p, 'utf8'), '{\n  "auth_mode": "apikey",\n  "OPENAI_API_KEY": "sk-test-1234567890"\n}');
    assert.equal(statSync(p).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, 'auth.json.lock')).mode & 0o777, 0o600);
    assert.ok(existsSync(join(home, 'auth.lock')));
    assert.deepEqual(await s.load(), { ...API });
    assert.deepEqual(readdirSync(home).sort(), ['auth.json', 'auth.json.lock', 'auth.lock']);
  }));

test('an existing 0644 auth.json becomes 0600 and gets a new inode', () =>
  withTempHome(async (home) => {
    const p = join(home, 'auth.json');
    writeFileSync(p, '{}', { mode: 0o644 });
    chmodSync(p, 0o644);
    const ino = statSync(p).ino;
    await new FileStore({ codexHome: home }).save({ ...API });
    assert.equal(statSync(p).mode & 0o777, 0o600);
    assert.notEqual(statSync(p).ino, ino);
  }));

test('symlinked auth.json: target replaced, link kept, lock next to the target; delete removes the credentials and the link', () =>
  withTempHome(async (home) => {
    mkdirSync(join(home, 't'));
    symlinkSync('t/real.json', join(home, 'auth.json'));
    const s = new FileStore({ codexHome: home });
    await s.save({ ...API });
    assert.ok(lstatSync(join(home, 'auth.json')).isSymbolicLink());
    assert.match(readFileSync(join(home, 't/real.json'), 'utf8'), /sk-test-1234567890/);
    assert.ok(existsSync(join(home, 't/real.json.lock')));
    assert.ok(!existsSync(join(home, 'auth.json.lock')));
    assert.deepEqual(await s.load(), { ...API });
    assert.equal(await s.delete(), true);
    assert.ok(!existsSync(join(home, 'auth.json')));
    // Issue 10: the reference leaves the credentials in the target; logout must delete them.
    assert.ok(!existsSync(join(home, 't/real.json')));
    assert.equal(await s.delete(), false);
  }));

test('commit lock name follows Rust with_extension("json.lock")', () => {
  assert.equal(commitLockPath('/a/auth.json'), '/a/auth.json.lock');
  assert.equal(commitLockPath('/a/x'), '/a/x.json.lock');
  assert.equal(commitLockPath('/a/r.txt'), '/a/r.json.lock');
  assert.equal(commitLockPath('/a/.hidden'), '/a/.hidden.json.lock');
});

test('hard-linked auth.json is refused, file untouched', () =>
  withTempHome(async (home) => {
    const p = join(home, 'auth.json');
    writeFileSync(p, '{}');
    linkSync(p, join(home, 'other'));
    await assert.rejects(new FileStore({ codexHome: home }).save({ ...API }), (e: unknown) =>
      isCodexAuthError(e, 'store.hard_linked') && e.message.startsWith('atomic credential replacement does not support hard-linked files (') && e.message.includes(p));
    assert.equal(readFileSync(p, 'utf8'), '{}');
  }));

test('read-only auth.json (0400, even as root) is refused, file untouched', () =>
  withTempHome(async (home) => {
    const p = join(home, 'auth.json');
    writeFileSync(p, '{}');
    chmodSync(p, 0o400);
    await assert.rejects(new FileStore({ codexHome: home }).save({ ...API }), (e: unknown) =>
      isCodexAuthError(e, 'store.read_only') && e.message === `credential file is read-only (${p}; make it writable, e.g. chmod 600 ${p}, or delete it)`);
    assert.equal(readFileSync(p, 'utf8'), '{}');
  }));

test('load errors: directory / malformed carry the reference text and the hint', () =>
  withTempHome(async (home) => {
    const p = join(home, 'auth.json');
    mkdirSync(p);
    const s = new FileStore({ codexHome: home });
    await assert.rejects(s.load(), (e: unknown) =>
      isCodexAuthError(e, 'store.read') &&
      e.message === `Is a directory (os error 21) (in ${p}; fix or delete the file, or run codex-auth logout)`);
    await assert.rejects(s.delete(), (e: unknown) => isCodexAuthError(e, 'store.delete') && e.message.startsWith('Is a directory (os error 21)'));
  }));

test('malformed auth.json can still be deleted', () =>
  withTempHome(async (home) => {
    writeFileSync(join(home, 'auth.json'), '{not json');
    const s = new FileStore({ codexHome: home });
    await assert.rejects(s.load(), (e: unknown) => isCodexAuthError(e, 'store.malformed'));
    assert.equal(await s.delete(), true);
    assert.equal(await s.load(), null);
  }));

test('save creates a missing CODEX_HOME directory (like the reference create_dir_all)', () =>
  withTempHome(async (home) => {
    const h = join(home, 'new', '.codex');
    await new FileStore({ codexHome: h }).save({ ...API });
    assert.ok(existsSync(join(h, 'auth.json')));
  }));

test('concurrent saves in one process serialize (flock per open file): the file holds one whole document', () =>
  withTempHome(async (home) => {
    const s = new FileStore({ codexHome: home });
    const docs = Array.from({ length: 20 }, (_, i) => ({ auth_mode: 'apikey' as const, OPENAI_API_KEY: `sk-concurrent-${i}`, pad: 'p'.repeat(50_000) }));
    await Promise.all(docs.map((d) => s.save(d)));
    const got = await s.load();
    assert.ok(docs.some((d) => d.OPENAI_API_KEY === got?.OPENAI_API_KEY));
    assert.deepEqual(readdirSync(home).sort(), ['auth.json', 'auth.json.lock', 'auth.lock']);
  }));

test('delete with a missing CODEX_HOME: false, nothing created (like the reference logout)', () =>
  withTempHome(async (home) => {
    const h = join(home, 'missing');
    assert.equal(await new FileStore({ codexHome: h }).delete(), false);
    assert.ok(!existsSync(h));
    assert.equal(await new FileStore({ codexHome: h }).load(), null);
  }));
