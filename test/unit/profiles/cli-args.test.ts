// `codex-auth profile …` argument handling (in-process, nothing can reach the network): help on
// stdout with exit 0, argument errors as one `error: …` line (plus help when the subcommand is
// missing) with exit 2, and nothing written for any of them.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, test } from 'node:test';
import { runCli } from '../../helpers/hermetic-cli.js';
import { tempHomes } from '../../helpers/run.js';

const homes = tempHomes('codex-auth-profile-args-');
after(() => homes.cleanup());

test('help, missing and unknown subcommands, stray arguments and flags', async () => {
  const home = homes.make();
  for (const argv of [['profile', '--help'], ['profile', '-h'], ['profile', 'help']]) {
    const r = await runCli(argv, home);
    assert.equal(r.code, 0, argv.join(' '));
    assert.match(r.out, /^Several ChatGPT accounts on one machine/);
    assert.equal(r.err, '');
  }
  const none = await runCli(['profile'], home);
  assert.equal(none.code, 2);
  assert.match(none.err, /^error: 'codex-auth profile' requires a subcommand\n\nSeveral ChatGPT/);
  const cases: Array<[string[], string]> = [
    [['profile', 'bogus'], "error: unrecognized subcommand 'bogus'\n"],
    [['profile', 'use'], 'error: the profile use command needs a NAME\n'],
    [['profile', 'use', 'a', 'b'], "error: unexpected argument 'b' found\n"],
    [['profile', 'list', 'x'], "error: unexpected argument 'x' found\n"],
    [['profile', 'list', '--force'], "error: unexpected argument '--force' found\n"],
    [['profile', 'use', 'a', '--revoke'], "error: unexpected argument '--revoke' found\n"],
    [['profile', 'bog\u001bus'], "error: unrecognized subcommand 'bog\\u001bus'\n"],
  ];
  for (const [argv, err] of cases) {
    const r = await runCli(argv, home);
    assert.deepEqual([r.code, r.out, r.err], [2, '', err], argv.join(' '));
  }
  const unknownFlag = await runCli(['profile', 'use', 'a', '--bogus'], home);
  assert.equal(unknownFlag.code, 2);
  assert.match(unknownFlag.err, /^error: .*--bogus/);
  assert.equal(unknownFlag.err.split('\n').length, 2);
  assert.deepEqual(readdirSync(home), []);
});

test('profile list with no profiles, and a name after -- may start with -', async () => {
  const home = homes.make();
  const list = await runCli(['profile', 'list'], home);
  assert.deepEqual([list.code, list.out], [0, 'No profiles. Save the current login with `codex-auth profile save NAME`.\n']);
  assert.deepEqual(JSON.parse((await runCli(['profile', 'list', '--json'], home)).out), { profiles: [] });
  const save = await runCli(['profile', 'save', '--', '-x'], home);
  assert.equal(save.code, 1, save.err);
  assert.match(save.err, /^Error: Not logged in/);
});
