// `logout` parity with codex 0.171.0 (observed §3): same stderr and exit code, same file left.
// The official binary revokes ChatGPT tokens first: it is pointed at a closed loopback port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runPair } from '../../helpers/interop-pair.js';

const JWT = 'eyJhbGciOiJub25lIn0.eyJhIjoxfQ.c';
const REVOKE = { CODEX_REVOKE_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:1/oauth/revoke' };

const STATES: [name: string, files: Record<string, string>, args?: string[]][] = [
  ['nothing stored', {}],
  ['API key', { 'auth.json': '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-test-1234567890ABCDE"}' }],
  ['personal access token', { 'auth.json': '{"OPENAI_API_KEY":null,"personal_access_token":"at-abc"}' }],
  ['ChatGPT tokens (revoke refused)', { 'auth.json': `{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"${JWT}","access_token":"a","refresh_token":"r","account_id":"x"}}` }],
  ['malformed auth.json', { 'auth.json': '{not json' }],
  ['empty object', { 'auth.json': '{}' }],
  ['ephemeral store with auth.json', { 'auth.json': '{"OPENAI_API_KEY":"sk-x"}' }, ['-c', 'cli_auth_credentials_store=ephemeral']],
  ['bad config', { 'auth.json': '{"OPENAI_API_KEY":"sk-x"}' }, ['-c', 'cli_auth_credentials_store=bogus']],
  ['bad -c', { 'auth.json': '{"OPENAI_API_KEY":"sk-x"}' }, ['-c', 'nokey']],
  ['raw -c value that is not TOML', {}, ['-c', 'x=[1,']],
];

for (const [name, files, args] of STATES) {
  test(`logout parity: ${name}`, async () => {
    const p = await runPair(['logout', ...(args ?? [])], { files, env: REVOKE });
    try {
      // Ours adds one line when the revoke fails (the official binary only logs it); the rest is identical.
      const revokeWarning = /^Warning: could not revoke the token on the server \(.*\); the local credentials were removed anyway\.\n/;
      assert.equal(p.ours.result.stderr.replace(revokeWarning, ''), p.official.result.stderr);
      assert.equal(revokeWarning.test(p.ours.result.stderr), name.includes('revoke refused'));
      assert.equal(p.ours.result.code, p.official.result.code);
      assert.equal(existsSync(join(p.ours.home, 'auth.json')), existsSync(join(p.official.home, 'auth.json')));
      assert.equal(existsSync(join(p.ours.home, 'log')), false);
    } finally {
      p.cleanup();
    }
  });
}

test('logout parity: CODEX_HOME that does not exist', async () => {
  const p = await runPair(['logout'], { codexHome: '/nonexistent-codex-home-for-tests' });
  try {
    assert.equal(p.ours.result.stderr, p.official.result.stderr);
    assert.equal(p.ours.result.code, p.official.result.code);
  } finally {
    p.cleanup();
  }
});
