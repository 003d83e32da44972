// CODEX_HOME unset: the default `<HOME>/.codex` comes from the injected env's HOME, not from the
// real process (so a library or test that passes its own env never touches the user's ~/.codex).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { createAuthManager } from '../../../src/index.js';
import { fakeIO } from '../../helpers/fake-io.js';

test('without CODEX_HOME the CLI and the library use the injected HOME', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'codex-auth-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const io = fakeIO({ env: { HOME: home }, stdin: 'sk-injected-home-1234567890\n' });
  const code = await main({ argv: ['login', '--with-api-key'], env: io.env, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, now: io.now });
  assert.equal(code, 0, io.err());
  const written = join(home, '.codex', 'auth.json');
  assert.ok(existsSync(written), 'auth.json is under the injected HOME');
  assert.equal(JSON.parse(readFileSync(written, 'utf8')).OPENAI_API_KEY, 'sk-injected-home-1234567890');

  const manager = await createAuthManager({ env: { HOME: home } });
  const auth = await manager.getAuth();
  assert.equal(auth?.mode, 'apikey');
  await manager.close();
});
