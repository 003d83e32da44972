// `login status` parity with codex 0.171.0 for every stored state that needs no network
// (observed §3): same stderr, same exit code, stdout empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPair } from '../../helpers/interop-pair.js';

const JWT = 'eyJhbGciOiJub25lIn0.eyJhIjoxfQ.c';
const CHATGPT_FULL = JSON.stringify({
  auth_mode: 'chatgpt',
  OPENAI_API_KEY: null,
  tokens: { id_token: JWT, access_token: 'expired-access', refresh_token: 'rt', account_id: 'acc-1' },
  last_refresh: '2020-01-01T00:00:00Z',
});

const STATES: [name: string, doc: string | null][] = [
  ['nothing stored', null],
  ['API key', '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-test-1234567890ABCDE"}'],
  ['API key of 13 chars', '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-1234567890"}'],
  ['API key of 14 chars', '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-12345678901"}'],
  ['API key with a multibyte tail', '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-1234567890é"}'],
  ['empty API key', '{"auth_mode":"apikey","OPENAI_API_KEY":""}'],
  ['API key without auth_mode', '{"OPENAI_API_KEY":"sk-test-1234567890ABCDE"}'],
  ['legacy API key with tokens', `{"OPENAI_API_KEY":"sk-test-1234567890ABCDE","tokens":{"id_token":"${JWT}","access_token":"a","refresh_token":"r"},"last_refresh":"2025-01-01T00:00:00Z"}`],
  ['API key with unknown fields', '{"OPENAI_API_KEY":"sk-test-1234567890ABCDE","unknown":1}'],
  ['ChatGPT tokens (expired, no refresh done)', CHATGPT_FULL],
  ['empty object', '{}'],
  ['ChatGPT with null tokens', '{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":null}'],
  ['chatgptAuthTokens', '{"auth_mode":"chatgptAuthTokens","OPENAI_API_KEY":null}'],
  ['apikey mode without key', '{"auth_mode":"apikey"}'],
  ['apikey mode with null key', '{"auth_mode":"apikey","OPENAI_API_KEY":null}'],
  ['bedrock', '{"auth_mode":"bedrockApiKey","OPENAI_API_KEY":null,"bedrock_api_key":{"api_key":"abcdefghijklmnopq","region":"us-east-1"}}'],
  ['bedrock without auth_mode', '{"OPENAI_API_KEY":null,"bedrock_api_key":{"api_key":"abc","region":"us-east-1"}}'],
  ['bedrock mode without key', '{"auth_mode":"bedrockApiKey","OPENAI_API_KEY":null}'],
  ['PAT mode without token', '{"auth_mode":"personalAccessToken","OPENAI_API_KEY":null}'],
  ['agent identity mode without material', '{"auth_mode":"agentIdentity","OPENAI_API_KEY":null}'],
  ['headers mode', '{"auth_mode":"headers","OPENAI_API_KEY":null}'],
];

for (const [name, doc] of STATES) {
  test(`status parity: ${name}`, async () => {
    const p = await runPair(['login', 'status'], { files: doc === null ? {} : { 'auth.json': doc } });
    try {
      assert.equal(p.ours.result.stderr, p.official.result.stderr);
      assert.equal(p.ours.result.code, p.official.result.code);
      assert.equal(p.ours.result.stdout, '');
    } finally {
      p.cleanup();
    }
  });
}

const CONFIG_CASES: [name: string, args: string[], files: Record<string, string>, env?: Record<string, string>][] = [
  ['API-key env vars are ignored', [], {}, { OPENAI_API_KEY: 'sk-env-1234567890', CODEX_API_KEY: 'sk-env-1234567890' }],
  ['forced api hides ChatGPT auth', ['-c', 'forced_login_method=api'], { 'auth.json': CHATGPT_FULL }],
  ['forced chatgpt hides an API key', ['-c', 'forced_login_method=chatgpt'], { 'auth.json': '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-test-1234567890ABCDE"}' }],
  ['workspace allowed', ['-c', 'forced_chatgpt_workspace_id=acc-1'], { 'auth.json': CHATGPT_FULL }],
  ['workspace not allowed', ['-c', 'forced_chatgpt_workspace_id=ws-x'], { 'auth.json': CHATGPT_FULL }],
  ['workspace restriction on ChatGPT auth without account_id', ['-c', 'forced_chatgpt_workspace_id=ws-x'], { 'auth.json': '{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":null}' }],
  ['workspace restriction leaves API keys alone', ['-c', 'forced_chatgpt_workspace_id=ws-x'], { 'auth.json': '{"OPENAI_API_KEY":"sk-test-1234567890ABCDE"}' }],
  ['ephemeral store ignores auth.json', ['-c', 'cli_auth_credentials_store=ephemeral'], { 'auth.json': '{"OPENAI_API_KEY":"sk-test-1234567890ABCDE"}' }],
  ['unknown forced_login_method', ['-c', 'forced_login_method=bogus'], {}],
  ['unknown store', ['-c', 'cli_auth_credentials_store=bogus'], {}],
  ['store of the wrong type', ['-c', 'cli_auth_credentials_store=1'], {}],
  ['comma-separated workspaces', ['-c', 'forced_chatgpt_workspace_id=a,b'], {}],
  ['workspace list of numbers', ['-c', 'forced_chatgpt_workspace_id=[1]'], {}],
  ['base url of the wrong type', ['-c', 'chatgpt_base_url=3'], {}],
  ['raw -c value with a stray quote', ['-c', 'forced_login_method="bogus'], {}],
  ['override without =', ['-c', 'forced_login_method'], {}],
  ['override with an empty key', ['-c', '=1'], {}],
  ['last override wins', ['-c', 'forced_login_method=bogus', '-c', 'forced_login_method=api'], {}],
  ['bad value in config.toml', [], { 'config.toml': '# c\nforced_login_method = "bogus"\n' }],
  ['comma string in config.toml', [], { 'config.toml': 'forced_chatgpt_workspace_id = "a,b"\n' }],
  ['override fixes config.toml', ['-c', 'forced_login_method=api'], { 'config.toml': 'forced_login_method = "bogus"\n' }],
];

/** Where the reference's words are cryptic serde text, ours adds ` (<what the key accepts>)` to the first line. */
function withoutHint(stderr: string): string {
  return stderr.replace(/^(Error loading configuration: (?:invalid type: unit variant|wanted exactly 1 element|data did not match)[^\n(]*) \(set [^\n]*\)\n/, '$1\n');
}

for (const [name, args, files, env] of CONFIG_CASES) {
  test(`status parity (config): ${name}`, async () => {
    const p = await runPair(['login', 'status', ...args], { files, env });
    try {
      assert.equal(withoutHint(p.ours.result.stderr), p.official.result.stderr.replaceAll(p.official.home, p.ours.home));
      assert.equal(p.ours.result.code, p.official.result.code);
    } finally {
      p.cleanup();
    }
  });
}

test('status parity: CODEX_HOME that does not exist / is a file', async () => {
  for (const home of ['/nonexistent-codex-home-for-tests', '/etc/hostname']) {
    const p = await runPair(['login', 'status'], { codexHome: home });
    try {
      assert.equal(p.ours.result.stderr, p.official.result.stderr);
      assert.equal(p.ours.result.code, p.official.result.code);
    } finally {
      p.cleanup();
    }
  }
});

// Malformed auth.json: the reference's error, then the store's hint (which file, what to do).
const MALFORMED: [name: string, doc: string][] = [
  ['not JSON', '{not json'],
  ['blank file', ''],
  ['unknown auth_mode', '{"auth_mode":"bogus","OPENAI_API_KEY":null}'],
  ['an array', '[]'],
  ['null', 'null'],
  ['id_token that is not a JWT', '{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"x","access_token":"a","refresh_token":"r"}}'],
  ['OPENAI_API_KEY of the wrong type', '{"OPENAI_API_KEY":5}'],
];

for (const [name, doc] of MALFORMED) {
  test(`status parity (malformed): ${name}`, async () => {
    const p = await runPair(['login', 'status'], { files: { 'auth.json': doc } });
    try {
      const official = p.official.result.stderr.trimEnd();
      assert.match(official, /^Error checking login status: failed to deserialize CLI auth from file: /);
      assert.ok(p.ours.result.stderr.startsWith(official), `${p.ours.result.stderr} should start with ${official}`);
      assert.equal(p.ours.result.stderr.split('\n').length, 2, 'one line');
      assert.equal(p.ours.result.code, p.official.result.code);
    } finally {
      p.cleanup();
    }
  });
}
