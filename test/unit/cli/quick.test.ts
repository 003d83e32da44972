// The CLI's quick path (src/cli/quick.ts): wherever it answers, it answers exactly as the full
// CLI (main()) does — same stdout, stderr and exit code — and wherever it declines, it has
// written nothing. Checked over a table of stored states and over generated documents/configs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { quick } from '../../../src/cli/quick.js';
import type { Toml } from '../../../src/config/load.js';
import { runInProc } from '../../helpers/cli-inproc.js';
import { accessJwt, chatgptDoc, idJwt } from '../../helpers/auth-fakes.js';
import { tempDir } from '../../helpers/run.js';

const NOW = Date.UTC(2026, 10, 28, 12, 14, 10, 919); // fakeIO's clock
const HOUR = 3600_000;
const toml = () => createRequire(import.meta.url)('smol-toml') as Toml;

interface State {
  auth?: string | Buffer;
  config?: string;
  env?: Record<string, string>;
}

interface QuickResult {
  code: number | undefined;
  out: string;
  err: string;
}

function runQuick(argv: string[], home: string, env: Record<string, string> = {}): QuickResult {
  let out = '';
  let err = '';
  const code = quick({
    argv,
    env: { CODEX_HOME: home, ...env },
    now: () => NOW,
    homedir: () => '/nonexistent-home',
    toml,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

function withHome<T>(state: State, fn: (home: string) => Promise<T>): Promise<T> {
  const d = tempDir();
  if (state.auth !== undefined) writeFileSync(join(d.path, 'auth.json'), state.auth);
  if (state.config !== undefined) writeFileSync(join(d.path, 'config.toml'), state.config);
  return fn(d.path).finally(d.cleanup);
}

/** Runs both paths; 'quick' when the quick path answered (and matched main), 'defer' otherwise. */
async function compare(argv: string[], state: State): Promise<'quick' | 'defer'> {
  return withHome(state, async (home) => {
    const q = runQuick(argv, home, state.env);
    if (q.code === undefined) {
      assert.deepEqual({ out: q.out, err: q.err }, { out: '', err: '' }, 'declined after writing');
      return 'defer';
    }
    const full = await runInProc(argv, home, { env: state.env ?? {}, now: NOW });
    assert.deepEqual(q, full, `quick path differs from the full CLI for ${argv.join(' ')}`);
    return 'quick';
  });
}

const json = (o: unknown) => JSON.stringify(o);
const API_KEY = json({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-test-1234567890ABCDE' });
const CHATGPT = json(chatgptDoc({ expMs: NOW + 10 * 24 * HOUR, iatMs: NOW - HOUR, plan: 'team', accountId: 'ws-1' }));
const CHATGPT_DUE = json(chatgptDoc({ expMs: NOW + 60_000, iatMs: NOW - HOUR }));
const CHATGPT_LEGACY_STALE = json(chatgptDoc({ lastRefresh: '2026-01-01T00:00:00Z' }));
const COMMANDS = [['login', 'status'], ['token'], ['token', '--json']];

const CASES: Array<[string, State, 'quick' | 'defer' | { status: 'quick' | 'defer'; token: 'quick' | 'defer' }]> = [
  ['nothing stored', {}, 'quick'],
  ['API key', { auth: API_KEY }, 'quick'],
  ['API key without auth_mode', { auth: json({ OPENAI_API_KEY: 'sk-test-1234567890ABCDE' }) }, 'quick'],
  ['short API key', { auth: json({ OPENAI_API_KEY: 'sk-1' }) }, 'quick'],
  ['Bedrock key', { auth: json({ auth_mode: 'bedrockApiKey', bedrock_api_key: { api_key: 'bk-1', region: 'us-east-1' } }) }, 'quick'],
  ['ChatGPT, valid for days', { auth: CHATGPT }, 'quick'],
  ['ChatGPT, opaque access token and recent last_refresh', { auth: json(chatgptDoc({ lastRefresh: '2026-11-27T00:00:00Z' })) }, 'quick'],
  ['ChatGPT, due for refresh', { auth: CHATGPT_DUE }, { status: 'quick', token: 'defer' }],
  ['ChatGPT, legacy token with stale last_refresh', { auth: CHATGPT_LEGACY_STALE }, { status: 'quick', token: 'defer' }],
  ['ChatGPT mode without tokens', { auth: json({ auth_mode: 'chatgpt' }) }, 'quick'],
  ['external ChatGPT tokens', { auth: json({ ...chatgptDoc({ expMs: NOW + 24 * HOUR }), auth_mode: 'chatgptAuthTokens' }) }, 'quick'],
  ['forced_login_method = "api" with ChatGPT', { auth: CHATGPT, config: 'forced_login_method = "api"\n' }, 'quick'],
  ['forced_login_method = "chatgpt" with an API key', { auth: API_KEY, config: 'forced_login_method = "chatgpt"\n' }, 'quick'],
  ['forced workspace matches', { auth: CHATGPT, config: 'forced_chatgpt_workspace_id = "ws-1"\n' }, 'quick'],
  ['forced workspace differs', { auth: CHATGPT, config: 'forced_chatgpt_workspace_id = ["ws-2", "ws-3"]\n' }, 'quick'],
  ['config.toml with unrelated settings', { auth: API_KEY, config: 'model = "o3"\n[features]\nx = true\n' }, 'quick'],
  ['cli_auth_credentials_store = "file"', { auth: API_KEY, config: 'cli_auth_credentials_store = "file"\n' }, 'quick'],
  ['cli_auth_credentials_store = "keyring"', { auth: API_KEY, config: 'cli_auth_credentials_store = "keyring"\n' }, 'defer'],
  ['cli_auth_credentials_store = "ephemeral"', { auth: API_KEY, config: 'cli_auth_credentials_store = "ephemeral"\n' }, 'defer'],
  ['config.toml syntax error', { auth: API_KEY, config: 'forced_login_method = \n' }, 'defer'],
  ['config.toml bad value', { auth: API_KEY, config: 'forced_login_method = "x"\n' }, 'defer'],
  ['CODEX_ACCESS_TOKEN set', { auth: API_KEY, env: { CODEX_ACCESS_TOKEN: 'at-123' } }, 'defer'],
  ['CODEX_AUTH_PROFILE set (a saved profile: the full CLI answers)', { auth: CHATGPT, env: { CODEX_AUTH_PROFILE: 'work' } }, 'defer'],
  ['CODEX_HOME does not exist', { env: { CODEX_HOME: '/nonexistent/codex-home' } }, 'defer'],
  ['malformed auth.json', { auth: '{"OPENAI_API_KEY":' }, 'defer'],
  ['empty auth.json', { auth: '' }, 'defer'],
  ['auth.json with a BOM', { auth: `\ufeff${API_KEY}` }, 'defer'],
  ['auth.json not UTF-8', { auth: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }, 'defer'],
  ['duplicate key', { auth: '{"OPENAI_API_KEY":"sk-a","OPENAI_API_KEY":"sk-b"}' }, 'defer'],
  ['API key of the wrong type', { auth: json({ OPENAI_API_KEY: 5 }) }, 'defer'],
  ['auth_mode apikey without a key', { auth: json({ auth_mode: 'apikey' }) }, 'defer'],
  ['auth_mode headers', { auth: json({ auth_mode: 'headers' }) }, 'defer'],
  ['personal access token', { auth: json({ auth_mode: 'personalAccessToken', personal_access_token: 'at-1' }) }, 'defer'],
  ['CODEX_API_KEY / OPENAI_API_KEY in the env (the CLI does not use them)', { auth: CHATGPT, env: { CODEX_API_KEY: 'sk-env-1', OPENAI_API_KEY: 'sk-env-2' } }, 'quick'],
  ['unknown fields', { auth: json({ OPENAI_API_KEY: 'sk-test-1234567890ABCDE', extra: { a: [1, 2] } }) }, 'quick'],
];

for (const [name, state, expected] of CASES) {
  test(`quick path: ${name}`, async () => {
    for (const argv of COMMANDS) {
      const want = typeof expected === 'string' ? expected : argv[0] === 'token' ? expected.token : expected.status;
      assert.equal(await compare(argv, state), want, `${argv.join(' ')}: expected the quick path to ${want === 'quick' ? 'answer' : 'decline'}`);
    }
  });
}

test('quick path: only the plain forms of the two commands', async () => {
  for (const argv of [['login'], ['login', 'status', '--json'], ['token', '--help'], ['token', '-c', 'x=1'], ['token', '--json', '--json'], ['logout'], ['status'], [], ['token', '--profile', 'work'], ['login', 'status', '--profile', 'work'], ['token', '--json', '--profile', 'work']]) {
    assert.equal(await compare(argv, { auth: API_KEY }), 'defer', argv.join(' '));
  }
});

test('quick path: auth.json that is a directory or a dangling symlink', async () => {
  const d = tempDir();
  try {
    mkdirSync(join(d.path, 'auth.json'));
    assert.equal(runQuick(['login', 'status'], d.path).code, undefined);
  } finally {
    d.cleanup();
  }
  const e = tempDir();
  try {
    symlinkSync(join(e.path, 'missing.json'), join(e.path, 'auth.json'));
    assert.equal(await compare(['login', 'status'], { env: { CODEX_HOME: e.path } }), 'quick');
  } finally {
    e.cleanup();
  }
});

test('quick path: HOME from the env gives the default CODEX_HOME, as in the full CLI', async () => {
  const d = tempDir();
  try {
    mkdirSync(join(d.path, '.codex'));
    writeFileSync(join(d.path, '.codex', 'auth.json'), API_KEY);
    let err = '';
    const code = quick({ argv: ['login', 'status'], env: { HOME: d.path }, now: () => NOW, homedir: () => '/nonexistent-home', toml, stdout: () => {}, stderr: (t) => (err += t) });
    assert.equal(code, 0);
    assert.match(err, /^API key configured - sk-test-\*\*\*ABCDE\n/);
  } finally {
    d.cleanup();
  }
});

test('quick path: generated documents and configs answer as the full CLI or decline', async () => {
  const account = fc.constantFrom('ws-1', 'ws-2', null);
  const chatgpt = fc.record({
    expInMs: fc.option(fc.integer({ min: -2 * HOUR, max: 20 * 24 * HOUR }), { nil: undefined }),
    lifetimeMs: fc.integer({ min: 60_000, max: 30 * 24 * HOUR }),
    accountId: account,
    plan: fc.constantFrom('free', 'plus', 'team', 'enterprise'),
    fedramp: fc.boolean(),
    lastRefresh: fc.option(fc.constantFrom('2026-11-28T00:00:00Z', '2026-11-01T10:00:00.123456789Z', '2025-01-01T00:00:00Z'), { nil: undefined }),
    mode: fc.constantFrom('chatgpt', 'chatgptAuthTokens', undefined),
  }).map((o) => {
    const doc: Record<string, unknown> = chatgptDoc({
      ...(o.expInMs !== undefined ? { expMs: NOW + o.expInMs, iatMs: NOW + o.expInMs - o.lifetimeMs } : {}),
      accountId: o.accountId,
      plan: o.plan,
      fedramp: o.fedramp,
      ...(o.lastRefresh ? { lastRefresh: o.lastRefresh } : {}),
    });
    if (o.mode === undefined) delete doc['auth_mode'];
    else doc['auth_mode'] = o.mode;
    return json(doc);
  });
  const apiKey = fc.string({ maxLength: 40 }).map((k) => json({ OPENAI_API_KEY: k }));
  const odd = fc.constantFrom('{}', 'null', '[]', '{"tokens":null}', json({ tokens: { id_token: idJwt(), access_token: accessJwt(NOW + HOUR) } }));
  const config = fc.record({
    method: fc.constantFrom(undefined, '"api"', '"chatgpt"'),
    workspace: fc.constantFrom(undefined, '"ws-1"', '["ws-2"]', '[]', '" "'),
  }).map(({ method, workspace }) => {
    const lines = [method && `forced_login_method = ${method}`, workspace && `forced_chatgpt_workspace_id = ${workspace}`].filter(Boolean);
    return lines.length ? `${lines.join('\n')}\n` : undefined;
  });
  let answered = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof(chatgpt, apiKey, odd), config, fc.constantFrom(...COMMANDS), async (auth, cfg, argv) => {
      if ((await compare(argv, { auth, ...(cfg !== undefined ? { config: cfg } : {}) })) === 'quick') answered++;
    }),
    { numRuns: 120 },
  );
  assert.ok(answered > 60, `the quick path answered only ${answered} of 120 plain cases`);
});
