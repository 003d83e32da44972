// `login --with-api-key` and the login refusals, in-process with fake streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runInProc } from '../../helpers/cli-inproc.js';
import { tempDir } from '../../helpers/run.js';

const READING = 'Reading API key from stdin...\n';
const SAVED = 'API key saved. Authentication is checked when you send a request.\n';

function withHome(fn: (home: string) => Promise<void>) {
  return async () => {
    const d = tempDir();
    try {
      await fn(d.path);
    } finally {
      d.cleanup();
    }
  };
}

test('saves the trimmed key as auth.json (0600, pretty, no trailing newline) and says so', withHome(async (home) => {
  const r = await runInProc(['login', '--with-api-key'], home, { stdin: ' \r\n sk-line1-1234567890\nsk-line2 \n\t' });
  assert.deepEqual(r, { code: 0, out: '', err: READING + SAVED });
  const file = join(home, 'auth.json');
  assert.equal(readFileSync(file, 'utf8'), '{\n  "auth_mode": "apikey",\n  "OPENAI_API_KEY": "sk-line1-1234567890\\nsk-line2"\n}');
  assert.equal(statSync(file).mode & 0o777, 0o600);
}));

test('writes the login log: log/ 0755, codex-login.log 0600, one INFO line, no secret', withHome(async (home) => {
  await runInProc(['login', '--with-api-key'], home, { stdin: 'sk-secret-value-123456' });
  assert.equal(statSync(join(home, 'log')).mode & 0o777, 0o755);
  const log = join(home, 'log', 'codex-login.log');
  assert.equal(statSync(log).mode & 0o777, 0o600);
  const text = readFileSync(log, 'utf8');
  assert.equal(text, '2026-11-28T12:14:10.919000Z  INFO codex_cli::login: starting api key login flow\n');
  assert.ok(!text.includes('sk-secret'));
}));

test('overwrites a previous document entirely (tokens dropped)', withHome(async (home) => {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(home, 'auth.json'), JSON.stringify({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: 'a.b.c' } }));
  assert.equal((await runInProc(['login', '--with-api-key'], home, { stdin: 'sk-new' })).code, 0);
  assert.deepEqual(JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')), { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-new' });
}));

test('a terminal on stdin is refused before anything is read or created', withHome(async (home) => {
  const r = await runInProc(['login', '--with-api-key'], home, { stdinIsTTY: true });
  assert.equal(r.code, 1);
  assert.equal(r.err, '--with-api-key expects the API key on stdin. Try piping it, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`.\n');
  assert.deepEqual(readdirSync(home), []);
  const t = await runInProc(['login', '--with-access-token'], home, { stdinIsTTY: true });
  assert.equal(t.err, '--with-access-token expects the access token on stdin. Try piping it, e.g. `printenv CODEX_ACCESS_TOKEN | codex login --with-access-token`.\n');
}));

test('empty or whitespace-only stdin: error, exit 1, CODEX_HOME untouched (not even log/)', withHome(async (home) => {
  for (const stdin of ['', '  \n\t ']) {
    const r = await runInProc(['login', '--with-api-key'], home, { stdin });
    assert.deepEqual(r, { code: 1, out: '', err: `${READING}No API key provided via stdin.\n` });
  }
  const t = await runInProc(['login', '--with-access-token'], home, { stdin: '\n' });
  assert.deepEqual(t, { code: 1, out: '', err: 'Reading access token from stdin...\nNo access token provided via stdin.\n' });
  assert.deepEqual(readdirSync(home), []);
}));

test('config errors are reported after stdin was read, and nothing is created', withHome(async (home) => {
  const r = await runInProc(['login', '--with-api-key', '-c', 'forced_login_method=bogus'], home, { stdin: 'sk-abc' });
  assert.equal(r.code, 1);
  assert.equal(r.err, `${READING}Error loading configuration: unknown variant \`bogus\`, expected \`chatgpt\` or \`api\`\nin \`forced_login_method\`\n\n`);
  const o = await runInProc(['login', '--with-api-key', '-c', 'nokey'], home, { stdin: 'sk-abc' });
  assert.equal(o.err, `${READING}Error parsing -c overrides: Invalid override (missing '='): nokey\n`);
  assert.deepEqual(readdirSync(home), []);
}));

test('a missing CODEX_HOME is a config error', async () => {
  const r = await runInProc(['login', '--with-api-key'], '/nonexistent-codex-home', { stdin: 'sk-abc' });
  assert.equal(r.code, 1);
  assert.equal(r.err, `${READING}Error loading configuration: CODEX_HOME points to "/nonexistent-codex-home", but that path does not exist\n`);
});

test('policy refusals: the log is created, no credentials are written', withHome(async (home) => {
  const r = await runInProc(['login', '--with-api-key', '-c', 'forced_login_method=chatgpt'], home, { stdin: 'sk-abc' });
  assert.deepEqual(r, { code: 1, out: '', err: `${READING}API key login is disabled. Use ChatGPT login instead.\n` });
  // The flow's first log line comes before the policy check (as in 0.169.0).
  assert.match(readFileSync(join(home, 'log', 'codex-login.log'), 'utf8'), /^\S+ {2}INFO codex_cli::login: starting api key login flow\n$/);
  assert.ok(!existsSync(join(home, 'auth.json')));
  const a = await runInProc(['login', '--with-access-token', '-c', 'forced_login_method=api'], home, { stdin: 'at-abc' });
  assert.deepEqual(a, { code: 1, out: '', err: 'Reading access token from stdin...\nAccess token login is disabled. Use API key login instead.\n' });
  for (const argv of [['login'], ['login', '--device-auth']]) {
    const b = await runInProc([...argv, '-c', 'forced_login_method=api'], home);
    assert.deepEqual(b, { code: 1, out: '', err: 'ChatGPT login is disabled. Use API key login instead.\n' }, argv.join(' '));
  }
  assert.ok(!existsSync(join(home, 'auth.json')));
}));

test('flag precedence (spec §8.2): both sources, then legacy --api-key; --device-auth with a piped-secret mode is a usage error', withHome(async (home) => {
  const both = 'Choose one login credential source: --with-api-key or --with-access-token.\n';
  const legacy = 'The --api-key flag is no longer supported. Pipe the key instead, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`.\n';
  assert.deepEqual(await runInProc(['login', '--with-api-key', '--with-access-token'], home, { stdin: 'x' }), { code: 1, out: '', err: both });
  assert.deepEqual(await runInProc(['login', '--api-key', 'sk-abc'], home), { code: 1, out: '', err: legacy });
  assert.deepEqual(await runInProc(['login', '--api-key'], home), { code: 1, out: '', err: legacy });
  assert.deepEqual(await runInProc(['login', '--api-key', '--with-api-key'], home, { stdin: 'sk-x' }), { code: 1, out: '', err: legacy });
  // Issue 10: the reference lets --device-auth win and silently ignores the piped key. Ours: clap's
  // conflict error, exit 2, before anything happens (no log line, no network, no auth.json).
  for (const argv of [
    ['login', '--with-api-key', '--device-auth'],
    ['login', '--device-auth', '--with-api-key', '--experimental_issuer', 'http://127.0.0.1:1'],
    ['login', '--with-access-token', '--device-auth'],
    ['login', '--with-api-key', '--with-access-token', '--device-auth'],
  ]) {
    const d = await runInProc(argv, home, { stdin: 'sk-x' });
    assert.equal(d.code, 2, `${argv.join(' ')}: ${d.err}`);
    assert.match(d.err, /^error: the argument '--(device-auth|with-api-key|with-access-token)' cannot be used with '--(device-auth|with-api-key|with-access-token)'\n\nUsage: codex-auth login/);
    assert.ok(!existsSync(join(home, 'log', 'codex-login.log')), 'a login started');
  }
  assert.ok(!existsSync(join(home, 'auth.json')));
}));
