// Argument parsing, help and clap-style errors of main(), with fake streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.js';
import { fakeIO } from '../../helpers/fake-io.js';
import { tempDir } from '../../helpers/run.js';

async function cli(argv: string[], stdin = '') {
  const home = tempDir();
  try {
    const io = fakeIO({ stdin, env: { CODEX_HOME: home.path } });
    const code = await main({ argv, env: io.env, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, now: io.now });
    return { code, out: io.out(), err: io.err() };
  } finally {
    home.cleanup();
  }
}

const more = "\n\nFor more information, try '--help'.\n";

test('unknown flag: clap message + usage, exit 2', async () => {
  assert.deepEqual(await cli(['login', '--bogus']), {
    code: 2,
    out: '',
    err: `error: unexpected argument '--bogus' found\n\nUsage: codex-auth login [OPTIONS] [COMMAND]${more}`,
  });
  const s = await cli(['login', 'status', '-x']);
  assert.equal(s.code, 2);
  assert.equal(s.err, `error: unexpected argument '-x' found\n\nUsage: codex-auth login status [OPTIONS]${more}`);
});

test('extra arguments: unexpected for status/logout, unrecognized subcommand for login', async () => {
  assert.equal((await cli(['login', 'status', 'extra'])).err, `error: unexpected argument 'extra' found\n\nUsage: codex-auth login status [OPTIONS]${more}`);
  assert.equal((await cli(['logout', 'extra'])).err, `error: unexpected argument 'extra' found\n\nUsage: codex-auth logout [OPTIONS]${more}`);
  const r = await cli(['login', '--api-key', 'a', 'b']);
  assert.equal(r.code, 2);
  assert.equal(r.err, `error: unrecognized subcommand 'b'\n\nUsage: codex-auth login [OPTIONS] [COMMAND]${more}`);
  assert.equal((await cli(['bogus'])).code, 2);
});

test('a flag given twice, or with its alias, is refused (exit 2)', async () => {
  const twice = await cli(['login', '--experimental_issuer', 'a', '--experimental_issuer', 'b']);
  assert.equal(twice.code, 2);
  assert.equal(twice.err, `error: the argument '--experimental_issuer <URL>' cannot be used multiple times\n\nUsage: codex-auth login [OPTIONS] [COMMAND]${more}`);
  assert.match((await cli(['login', '--with-api-key', '--with-api-key'])).err, /^error: the argument '--with-api-key' cannot be used multiple times\n/);
  assert.match((await cli(['login', '--device-auth', '--device-auth'])).err, /'--device-auth' cannot be used multiple times/);
  assert.match((await cli(['login', '--client-id', 'a', '--experimental_client-id', 'b'])).err, /^error: the argument '--experimental_client-id <CLIENT_ID>' cannot be used with '--client-id <ID>'\n/);
});

test('a missing value: clap message without usage, exit 2', async () => {
  assert.deepEqual(await cli(['login', '--experimental_issuer']), {
    code: 2,
    out: '',
    err: `error: a value is required for '--experimental_issuer <URL>' but none was supplied${more}`,
  });
  assert.equal((await cli(['logout', '-c'])).err, `error: a value is required for '--config <key=value>' but none was supplied${more}`);
  assert.equal((await cli(['login', 'status', '--enable'])).err, `error: a value is required for '--enable <FEATURE>' but none was supplied${more}`);
});

test('help goes to stdout with exit 0; -h is the summary, --help the long form', async () => {
  const long = await cli(['login', '--help']);
  assert.equal(long.code, 0);
  assert.equal(long.err, '');
  assert.ok(long.out.startsWith('Manage login\n\nUsage: codex-auth login [OPTIONS] [COMMAND]\n'));
  assert.match(long.out, /\n {6}--device-auth\n {10}Sign in with a device code/);
  assert.match(long.out, /\n {6}--issuer <URL>\n/);
  assert.ok(!long.out.includes('experimental'), 'experimental flags stay hidden');
  assert.ok(!long.out.includes('--api-key'), 'the legacy flag stays hidden');
  const short = await cli(['login', '-h']);
  assert.match(short.out, /-h, --help {16}Print help \(see more with '--help'\)\n$/);
  assert.equal((await cli(['login', 'help', 'status'])).out, (await cli(['login', 'status', '--help'])).out);
  assert.ok((await cli(['logout', '--help'])).out.startsWith('Remove stored authentication credentials\n\nUsage: codex-auth logout [OPTIONS]\n'));
  assert.match((await cli(['--version'])).out, /^codex-auth \d+\.\d+\.\d+\n$/);
});

test('-c on the root, on login and on status all apply to status', async () => {
  for (const argv of [
    ['-c', 'forced_login_method=bogus', 'login', 'status'],
    ['login', '-c', 'forced_login_method=bogus', 'status'],
    ['login', 'status', '--config=forced_login_method=bogus'],
  ]) {
    const r = await cli(argv);
    assert.equal(r.code, 1, argv.join(' '));
    assert.equal(r.err, 'Error loading configuration: unknown variant `bogus`, expected `chatgpt` or `api`\nin `forced_login_method`\n\n');
  }
});

test('login-only flags after `status` are refused', async () => {
  const r = await cli(['login', 'status', '--with-api-key']);
  assert.equal(r.code, 2);
  assert.match(r.err, /^error: unexpected argument '--with-api-key' found\n/);
});

test('token takes the common options (clap-style errors); issuer gets its raw arguments', async () => {
  const t = await cli(['token', '--anything', 'x']);
  assert.equal(t.code, 2);
  assert.match(t.err, /^error: unexpected argument '--anything' found\n\nUsage: codex-auth token \[OPTIONS\]\n/);
  const extra = await cli(['token', 'extra']);
  assert.equal(extra.code, 2);
  assert.match(extra.err, /^error: unexpected argument 'extra' found\n/);
  assert.match((await cli(['token', '--help'])).out, /^Print a valid access token for scripts/);
  assert.match((await cli(['token', '-c'])).err, /^error: a value is required for '--config <key=value>' but none was supplied/);
  assert.deepEqual(await cli(['issuer', '--port', '0', '--nope']), { code: 2, out: '', err: 'codex-auth issuer: unknown option --nope (see --help)\n' });
});

test('the option-less fast path gives the same result as the full parser', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { runInProc } = await import('../../helpers/cli-inproc.js');
  const d = tempDir();
  try {
    for (const doc of [null, '{"OPENAI_API_KEY":"sk-test-1234567890ABCDE"}', '{not json']) {
      if (doc !== null) writeFileSync(join(d.path, 'auth.json'), doc);
      const fast = await runInProc(['login', 'status'], d.path);
      const full = await runInProc(['login', 'status', '-c', 'unused_key=1'], d.path);
      assert.deepEqual(fast, full, String(doc));
    }
    const fast = await runInProc(['logout'], d.path);
    writeFileSync(join(d.path, 'auth.json'), '{not json');
    const full = await runInProc(['logout', '-c', 'unused_key=1'], d.path);
    assert.deepEqual([fast.code, fast.err], [full.code, full.err]);
    assert.equal(fast.err, 'Successfully logged out\n');
  } finally {
    d.cleanup();
  }
});
