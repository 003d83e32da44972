// Where the cross-process refresh lock lives: `$CODEX_HOME/auth.refresh.lock`, or next to the real
// auth.json when that is a symlink (several CODEX_HOMEs sharing one file), for the stores that read
// auth.json; keyring entries are per CODEX_HOME, so the keyring store keeps the per-home lock.
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAuthManager } from '../../../src/auth/create.js';
import { refreshLockName, refreshLockPathFor } from '../../../src/auth/refresh-lock-path.js';
import type { WithLock } from '../../../src/auth/refresh-types.js';
import type { StoreKind } from '../../../src/store/types.js';
import { chatgptDoc, MemoryStore } from '../../helpers/auth-fakes.js';
import { withTempHome } from '../../helpers/temp-home.js';

function layout(root: string): { home: string; shared: string } {
  const home = join(root, 'home');
  mkdirSync(home);
  mkdirSync(join(root, 'shared'));
  return { home, shared: realpathSync(join(root, 'shared')) }; // canonical, as the lock path is
}

describe('refresh lock path', () => {
  it('names the lock after the credential file', () => {
    assert.equal(refreshLockName('/x/auth.json'), 'auth.refresh.lock');
    assert.equal(refreshLockName('/x/creds.json'), 'creds.refresh.lock');
    assert.equal(refreshLockName('/x/creds'), 'creds.refresh.lock');
    assert.equal(refreshLockName('/x/.hidden'), '.hidden.refresh.lock');
  });

  it('is $CODEX_HOME/auth.refresh.lock without auth.json and for a regular auth.json', () =>
    withTempHome(async (root) => {
      const { home } = layout(root);
      assert.equal(await refreshLockPathFor(home), join(home, 'auth.refresh.lock'));
      writeFileSync(join(home, 'auth.json'), '{}');
      assert.equal(await refreshLockPathFor(home), join(home, 'auth.refresh.lock'));
    }));

  it('follows a symlinked auth.json (absolute, relative, chains, through a linked directory) to the real file', () =>
    withTempHome(async (root) => {
      const { home, shared } = layout(root);
      writeFileSync(join(shared, 'creds.json'), '{}');
      symlinkSync(join(shared, 'creds.json'), join(home, 'auth.json'));
      assert.equal(await refreshLockPathFor(home), join(shared, 'creds.refresh.lock'));

      const home2 = join(root, 'home2');
      mkdirSync(home2);
      symlinkSync('shared', join(root, 'via')); // a directory link: the lock path is still canonical
      symlinkSync('../via/hop.json', join(home2, 'auth.json'));
      symlinkSync('creds.json', join(shared, 'hop.json'));
      assert.equal(await refreshLockPathFor(home2), join(shared, 'creds.refresh.lock'));
    }));

  it('falls back to $CODEX_HOME for a link whose target directory is missing, and for a link loop', () =>
    withTempHome(async (root) => {
      const { home } = layout(root);
      symlinkSync(join(root, 'nowhere', 'auth.json'), join(home, 'auth.json'));
      assert.equal(await refreshLockPathFor(home), join(home, 'auth.refresh.lock'));
      const home2 = join(root, 'home2');
      mkdirSync(home2);
      symlinkSync('auth.json', join(home2, 'auth.json'));
      assert.equal(await refreshLockPathFor(home2), join(home2, 'auth.refresh.lock'));
    }));

  for (const [kind, where] of [
    ['file', 'shared'],
    ['auto', 'shared'],
    ['keyring', 'home'],
  ] as Array<[StoreKind, 'shared' | 'home']>) {
    it(`createAuthManager with store kind ${kind} takes the refresh lock in ${where === 'shared' ? "the link target's directory" : 'CODEX_HOME'}`, () =>
      withTempHome(async (root) => {
        const { home, shared } = layout(root);
        writeFileSync(join(shared, 'auth.json'), '{}');
        symlinkSync(join(shared, 'auth.json'), join(home, 'auth.json'));
        const taken: string[] = [];
        const stop = new Error('stop here');
        const withLock: WithLock = async (path) => {
          taken.push(path);
          throw stop;
        };
        const manager = await createAuthManager({
          env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:9/oauth/token' },
          codexHome: home,
          store: new MemoryStore(chatgptDoc(), kind),
          policy: {},
          fetch: async () => new Response('{}'),
          withLock,
        });
        await assert.rejects(manager.refresh(), stop);
        assert.deepEqual(taken, [join(where === 'shared' ? shared : home, 'auth.refresh.lock')]);
      }));
  }
});
