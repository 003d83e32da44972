// `login status` and `logout` for every stored state that needs no network (observed §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskApiKey } from '../../../src/cli/stored-status.js';
import { runInProc } from '../../helpers/cli-inproc.js';
import { tempDir } from '../../helpers/run.js';

const CHECKED = 'Authentication is checked when you send a request.\n';
const JWT = 'eyJhbGciOiJub25lIn0.eyJhIjoxfQ.c';

async function status(doc: string | null, extra: string[] = [], env: Record<string, string> = {}) {
  const d = tempDir();
  try {
    if (doc !== null) writeFileSync(join(d.path, 'auth.json'), doc);
    return await runInProc(['login', 'status', ...extra], d.path, { env });
  } finally {
    d.cleanup();
  }
}

test('masking: ≤13 bytes → ***, else first 8 + *** + last 5 (bytes)', () => {
  assert.equal(maskApiKey('sk-test-1234567890ABCDE'), 'sk-test-***ABCDE');
  assert.equal(maskApiKey('sk-1234567890'), '***');
  assert.equal(maskApiKey('sk-12345678901'), 'sk-12345***78901');
  assert.equal(maskApiKey(''), '***');
  assert.equal(maskApiKey('sk-1234567890é'), 'sk-12345***890é');
});

test('status: nothing stored → Not logged in, exit 1 (OPENAI_API_KEY/CODEX_API_KEY ignored)', async () => {
  assert.deepEqual(await status(null), { code: 1, out: '', err: 'Not logged in\n' });
  assert.deepEqual(await status(null, [], { OPENAI_API_KEY: 'sk-env', CODEX_API_KEY: 'sk-env2' }), { code: 1, out: '', err: 'Not logged in\n' });
});

test('status: API keys, masked, two lines, exit 0', async () => {
  assert.deepEqual(await status('{"auth_mode":"apikey","OPENAI_API_KEY":"sk-test-1234567890ABCDE"}'), {
    code: 0,
    out: '',
    err: `API key configured - sk-test-***ABCDE\n${CHECKED}`,
  });
  assert.equal((await status('{"auth_mode":"apikey","OPENAI_API_KEY":"sk-1234567890"}')).err, `API key configured - ***\n${CHECKED}`);
  assert.equal((await status('{"OPENAI_API_KEY":"sk-12345678901"}')).err, `API key configured - sk-12345***78901\n${CHECKED}`);
  assert.equal((await status(`{"OPENAI_API_KEY":"sk-test-1234567890ABCDE","tokens":{"id_token":"${JWT}","access_token":"a","refresh_token":"r"}}`)).code, 0);
});

test('status: ChatGPT in any shape → Logged in using ChatGPT, exit 0', async () => {
  for (const doc of [
    '{}',
    '{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":null}',
    '{"auth_mode":"chatgptAuthTokens","OPENAI_API_KEY":null}',
    `{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"${JWT}","access_token":"a","refresh_token":"r","account_id":"acc"},"last_refresh":"2020-01-01T00:00:00Z"}`,
  ]) {
    assert.deepEqual(await status(doc), { code: 0, out: '', err: 'Logged in using ChatGPT\n' }, doc);
  }
});

test('status: bedrock and the "missing material" errors', async () => {
  assert.equal((await status('{"OPENAI_API_KEY":null,"bedrock_api_key":{"api_key":"abc","region":"us-east-1"}}')).err, 'Logged in using Amazon Bedrock API key\n');
  const cases: [string, string][] = [
    ['{"auth_mode":"apikey"}', 'API key auth is missing a key.'],
    ['{"auth_mode":"apikey","OPENAI_API_KEY":null}', 'API key auth is missing a key.'],
    ['{"auth_mode":"bedrockApiKey","OPENAI_API_KEY":null}', 'Bedrock API key auth is missing a Bedrock API key.'],
    ['{"auth_mode":"personalAccessToken","OPENAI_API_KEY":null}', 'personal access token auth is missing a personal access token.'],
    ['{"auth_mode":"agentIdentity","OPENAI_API_KEY":null}', 'agent identity auth is missing agent identity auth material.'],
    ['{"auth_mode":"headers","OPENAI_API_KEY":null}', 'externally provided auth cannot be loaded from auth storage.'],
  ];
  for (const [doc, msg] of cases) {
    assert.deepEqual(await status(doc), { code: 1, out: '', err: `Error checking login status: ${msg}\n` }, doc);
  }
});

test('status: malformed auth.json is an error, not "Not logged in"', async () => {
  const r = await status('{not json');
  assert.equal(r.code, 1);
  assert.match(r.err, /^Error checking login status: failed to deserialize CLI auth from file: .*\n$/);
});

test('status: credentials the policy forbids count as absent', async () => {
  assert.deepEqual(await status('{"auth_mode":"chatgpt"}', ['-c', 'forced_login_method=api']), { code: 1, out: '', err: 'Not logged in\n' });
  assert.deepEqual(await status('{"auth_mode":"apikey","OPENAI_API_KEY":"sk-test-1234567890ABCDE"}', ['-c', 'forced_login_method=chatgpt']), {
    code: 1,
    out: '',
    err: 'Not logged in\n',
  });
});

test('status: ephemeral store never reads auth.json', async () => {
  assert.deepEqual(await status('{"OPENAI_API_KEY":"sk-test-1234567890ABCDE"}', ['-c', 'cli_auth_credentials_store=ephemeral']), {
    code: 1,
    out: '',
    err: 'Not logged in\n',
  });
});

test('status: CODEX_ACCESS_TOKEN is checked (unreachable whoami → Error checking login status, exit 1, no secret)', async () => {
  const r = await status('{"OPENAI_API_KEY":"sk-test-1234567890ABCDE"}', [], { CODEX_ACCESS_TOKEN: 'at-secret-token', CODEX_AUTHAPI_BASE_URL: 'http://127.0.0.1:1' });
  assert.equal(r.code, 1);
  assert.match(r.err, /^Error checking login status: [^\n]+\n$/);
  assert.ok(!r.err.includes('at-secret-token'));
  // Under forced_login_method=api the env token is not used: the stored API key is reported.
  const api = await status('{"OPENAI_API_KEY":"sk-test-1234567890ABCDE"}', ['-c', 'forced_login_method=api'], { CODEX_ACCESS_TOKEN: 'at-secret-token' });
  assert.equal(api.code, 0);
});

test('logout: deletes any stored document, says so, exit 0; nothing stored → Not logged in, exit 0', async () => {
  const d = tempDir();
  try {
    const file = join(d.path, 'auth.json');
    for (const doc of ['{"OPENAI_API_KEY":"sk-x"}', '{not json', '{"OPENAI_API_KEY":null,"personal_access_token":"at-x"}']) {
      writeFileSync(file, doc);
      assert.deepEqual(await runInProc(['logout'], d.path), { code: 0, out: '', err: 'Successfully logged out\n' }, doc);
      assert.ok(!existsSync(file));
    }
    assert.deepEqual(await runInProc(['logout'], d.path), { code: 0, out: '', err: 'Not logged in\n' });
    assert.ok(!existsSync(join(d.path, 'log')), 'logout writes no login log');
  } finally {
    d.cleanup();
  }
});

test('logout: config errors exit 1 and keep the file; ephemeral store leaves auth.json alone', async () => {
  const d = tempDir();
  try {
    const file = join(d.path, 'auth.json');
    writeFileSync(file, '{"OPENAI_API_KEY":"sk-x"}');
    const r = await runInProc(['logout', '-c', 'cli_auth_credentials_store=bogus'], d.path);
    assert.equal(r.code, 1);
    assert.match(r.err, /^Error loading configuration: unknown variant `bogus`/);
    assert.ok(existsSync(file));
    assert.deepEqual(await runInProc(['logout', '-c', 'cli_auth_credentials_store=ephemeral'], d.path), { code: 0, out: '', err: 'Not logged in\n' });
    assert.ok(existsSync(file));
  } finally {
    d.cleanup();
  }
});
