import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCodexHome, storeKey } from '../../../src/store/codex-home.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/run.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isCodexAuthError(e, 'store.codex_home'));
    return e.message;
  }
  assert.fail('expected an error');
}

test('unset or empty CODEX_HOME is <home>/.codex, not checked', () => {
  assert.equal(resolveCodexHome({ env: {}, homedir: '/nowhere/home' }), '/nowhere/home/.codex');
  assert.equal(resolveCodexHome({ env: { CODEX_HOME: '' }, homedir: '/h' }), '/h/.codex');
  assert.equal(errorOf(() => resolveCodexHome({ env: {}, homedir: undefined })), 'Could not find home directory');
});

test('CODEX_HOME must exist and be a directory; messages quote the value like Rust', () => {
  const d = tempDir();
  try {
    assert.equal(
      errorOf(() => resolveCodexHome({ env: { CODEX_HOME: '/nonexistent/a"b\\c\td' }, homedir: '/h' })),
      'CODEX_HOME points to "/nonexistent/a\\"b\\\\c\\td", but that path does not exist',
    );
    const file = join(d.path, 'f');
    writeFileSync(file, '');
    assert.equal(
      errorOf(() => resolveCodexHome({ env: { CODEX_HOME: file }, homedir: '/h' })),
      `CODEX_HOME points to "${file}", but that path is not a directory`,
    );
    assert.match(
      errorOf(() => resolveCodexHome({ env: { CODEX_HOME: join(file, 'sub') }, homedir: '/h' })),
      /^failed to read CODEX_HOME ".*\/f\/sub": Not a directory \(os error 20\)$/,
    );
  } finally {
    d.cleanup();
  }
});

test('CODEX_HOME is canonicalized (symlinks resolved)', () => {
  const d = tempDir();
  try {
    const real = join(d.path, 'real');
    mkdirSync(real);
    symlinkSync(real, join(d.path, 'link'));
    assert.equal(resolveCodexHome({ env: { CODEX_HOME: join(d.path, 'link') }, homedir: '/h' }), realpathSync(real));
  } finally {
    d.cleanup();
  }
});

test('storeKey: cli| + 16 hex of sha256(canonical path), the path as given when not canonicalizable', () => {
  assert.equal(storeKey('~/.codex'), 'cli|940db7b1d0e4eb40');
  const d = tempDir();
  try {
    const real = join(d.path, 'real');
    mkdirSync(real);
    symlinkSync(real, join(d.path, 'link'));
    assert.equal(storeKey(join(d.path, 'link')), storeKey(real));
    assert.match(storeKey(real), /^cli\|[0-9a-f]{16}$/);
  } finally {
    d.cleanup();
  }
});
