// Every bad profile name is refused in one line, exit 2, with nothing written (no profiles/
// folder, no lock file, auth.json untouched) — on every command and in CODEX_AUTH_PROFILE.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { tempHomes } from '../../helpers/run.js';
import { runCli } from '../../helpers/hermetic-cli.js';
import { isValidProfileName } from '../../../src/profiles/name.js';

const homes = tempHomes('codex-auth-profiles-');
after(() => homes.cleanup());

const BAD = ['', '.', '..', 'a/b', '../x', 'a b', 'x'.repeat(65), 'é', 'a\nb', 'a\u001b[31mred', 'a:b', 'a*', 'name.json/..', '\u0000', 'tab\t'];
const GOOD = ['a', 'work', 'Work-2.old_x', 'x'.repeat(64), '.hidden', '...', '-dash', '_', '-'];

it('the name rule: 1-64 of [A-Za-z0-9._-], not . or ..', () => {
  for (const n of BAD) assert.equal(isValidProfileName(n), false, JSON.stringify(n));
  for (const n of GOOD) assert.equal(isValidProfileName(n), true, JSON.stringify(n));
});

it('every command refuses every bad name in one line and writes nothing', async () => {
  const home = homes.make();
  const auth = '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-test-1234567890ABCDE"}';
  (await import('node:fs')).writeFileSync(join(home, 'auth.json'), auth);
  for (const name of BAD) {
    const argvs = [
      ['profile', 'save', name],
      ['profile', 'save', name, '--force'],
      ['profile', 'use', name],
      ['profile', 'remove', name],
      ['profile', 'remove', name, '--revoke'],
      ['token', '--profile', name],
      ['login', 'status', '--profile', name],
    ];
    for (const argv of argvs) {
      const r = await runCli(argv, home);
      assert.equal(r.code, 2, `${JSON.stringify(argv)}: ${r.err}`);
      assert.equal(r.out, '');
      assert.equal(r.err.split('\n').length, 2, `one line: ${JSON.stringify(r.err)}`);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(r.err.slice(0, -1), /[\u0000-\u001f\u007f]/, 'no raw control character');
      if (name !== '') assert.match(r.err, /^error: invalid profile name '/, JSON.stringify(r.err));
    }
    if (name !== '') {
      for (const argv of [['token'], ['login', 'status'], ['login', 'status', '--json'], ['token', '--json']]) {
        const r = await runCli(argv, home, { env: { CODEX_AUTH_PROFILE: name } });
        assert.equal(r.code, 2, `${JSON.stringify(argv)} CODEX_AUTH_PROFILE=${JSON.stringify(name)}: ${r.err}`);
        assert.equal(r.out, '');
        assert.equal(r.err.split('\n').length, 2, `one line: ${JSON.stringify(r.err)}`);
        assert.match(r.err, /CODEX_AUTH_PROFILE='.*' is not a valid profile name/);
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(r.err.slice(0, -1), /[\u0000-\u001f\u007f]/);
      }
    }
  }
  assert.equal(existsSync(join(home, 'profiles')), false, 'no profiles/ folder was made');
  assert.deepEqual(readdirSync(home).sort(), ['auth.json']);
  assert.equal(readFileSync(join(home, 'auth.json'), 'utf8'), auth);
});
