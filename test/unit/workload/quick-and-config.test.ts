// Fast checks of the workload identity rules that need no official binary (the side-by-side
// proofs are in test/interop/workload): the CLI's quick path declines whenever a WIF-selecting
// variable is present (even empty) so the full CLI answers; the validation order of §1.2; the
// routing of §1.2 step 5; SPIFFE ID and endpoint syntax of §1.2 step 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quick } from '../../../src/cli/quick.js';
import { workloadConfig } from '../../../src/workload/config.js';
import { workloadTokenUrl } from '../../../src/workload/routing.js';
import { WORKLOAD_SELECTORS } from '../../../src/workload/selection.js';
import { isValidSpiffeId, unixSocketPath } from '../../../src/workload/spiffe-id.js';
import { tempDir } from '../../helpers/run.js';

test('quick path: answers without WIF variables, declines (writing nothing) with any of them, even empty', () => {
  const home = tempDir('codex-auth-wif-q-');
  writeFileSync(join(home.path, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'sk-test-1234567890ABCDE' }));
  const run = (env: Record<string, string>) => {
    let written = '';
    const code = quick({ argv: ['login', 'status'], env: { CODEX_HOME: home.path, ...env }, now: () => 0, homedir: () => home.path, toml: () => ({ parse: () => ({}) }) as never, stdout: (t) => (written += t), stderr: (t) => (written += t) });
    return { code, written };
  };
  assert.equal(run({}).code, 0);
  for (const name of WORKLOAD_SELECTORS) {
    for (const value of ['', 'x']) assert.deepEqual(run({ [name]: value }), { code: undefined, written: '' }, `${name}=${JSON.stringify(value)}`);
  }
  // Not selecting: still answered by the quick path.
  for (const name of ['SPIFFE_ENDPOINT_SOCKET', 'OPENAI_WORKLOAD_IDENTITY_CONTEXT', 'OPENAI_IDENTITY_TOKEN']) assert.equal(run({ [name]: 'x' }).code, 0, name);
  home.cleanup();
});

const err = (env: Record<string, string>, base?: string): string => {
  try {
    workloadConfig(env, base);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
};

test('validation order (§1.2): the first failing check wins', () => {
  const R = { OPENAI_FEDERATION_RULE_ID: 'r' };
  const S = { ...R, OPENAI_IDENTITY_TOKEN_SOURCE: 'spiffe' };
  assert.equal(err({ OPENAI_IDENTITY_TOKEN_SOURCE: 'bogus', OPENAI_IDENTITY_TOKEN_FILE: 'rel' }), 'workload identity requires OPENAI_FEDERATION_RULE_ID');
  assert.equal(err({ OPENAI_FEDERATION_RULE_ID: ' ', OPENAI_IDENTITY_TOKEN_SOURCE: 'bogus' }), 'workload identity variable OPENAI_FEDERATION_RULE_ID is invalid');
  assert.equal(err({ ...R, OPENAI_IDENTITY_TOKEN_SOURCE: 'Spiffe' }, 'https://example.com'), 'OPENAI_IDENTITY_TOKEN_SOURCE must be file or spiffe');
  assert.equal(err({ ...R, OPENAI_SPIFFE_ID: '', OPENAI_IDENTITY_TOKEN_FILE: 'rel' }), 'SPIFFE settings require OPENAI_IDENTITY_TOKEN_SOURCE=spiffe');
  assert.equal(err(R), 'workload identity requires OPENAI_IDENTITY_TOKEN_FILE');
  assert.equal(err({ ...R, OPENAI_IDENTITY_TOKEN_FILE: '' }), 'OPENAI_IDENTITY_TOKEN_FILE must be an absolute path');
  assert.equal(err({ ...R, OPENAI_IDENTITY_TOKEN_FILE: '/abs' }, 'https://example.com'), 'workload identity auth supports only trusted production and staging app routing');
  assert.equal(err({ ...S, OPENAI_IDENTITY_TOKEN_FILE: '/abs' }), 'SPIFFE authentication cannot also set OPENAI_IDENTITY_TOKEN_FILE');
  assert.equal(err(S), 'workload identity requires SPIFFE_ENDPOINT_SOCKET');
  assert.equal(err({ ...S, SPIFFE_ENDPOINT_SOCKET: ' ' }), 'workload identity variable SPIFFE_ENDPOINT_SOCKET is invalid');
  assert.equal(err({ ...S, SPIFFE_ENDPOINT_SOCKET: 'bad' }), 'workload identity requires OPENAI_SPIFFE_AUDIENCE');
  assert.equal(err({ ...S, SPIFFE_ENDPOINT_SOCKET: 'bad', OPENAI_SPIFFE_AUDIENCE: '' }), 'workload identity variable OPENAI_SPIFFE_AUDIENCE is invalid');
  assert.equal(err({ ...S, SPIFFE_ENDPOINT_SOCKET: 'bad', OPENAI_SPIFFE_AUDIENCE: 'a', OPENAI_SPIFFE_ID: 'bad' }), 'the SPIFFE Workload API endpoint must be an absolute unix: socket URI');
  assert.equal(err({ ...S, SPIFFE_ENDPOINT_SOCKET: 'unix:/s', OPENAI_SPIFFE_AUDIENCE: 'a', OPENAI_SPIFFE_ID: 'bad' }, 'https://example.com'), 'the requested SPIFFE ID is invalid');
  assert.equal(err({ ...S, SPIFFE_ENDPOINT_SOCKET: 'unix:/s', OPENAI_SPIFFE_AUDIENCE: 'a' }, 'https://example.com'), 'workload identity auth supports only trusted production and staging app routing');
  const ok = workloadConfig({ OPENAI_FEDERATION_RULE_ID: ' r ', OPENAI_IDENTITY_TOKEN_FILE: '/t', OPENAI_WORKLOAD_IDENTITY_CONTEXT: ' raw ' }, undefined);
  assert.deepEqual(ok, { ruleId: 'r', context: ' raw ', source: { kind: 'file', path: '/t' }, tokenUrl: 'https://auth.openai.com/oauth/token' });
});

test('routing (§1.2 step 5): production and staging hosts and paths only', () => {
  const P = 'https://auth.openai.com/oauth/token';
  const S = 'https://auth.api.openai.org/oauth/token';
  const rows: Array<[string | undefined, string | undefined]> = [
    [undefined, P], ['https://chatgpt.com', P], ['https://chatgpt.com/', P], [' https://chat.openai.com/backend-api/codex ', P],
    ['https://chatgpt.com/codex/', P], ['https://chatgpt-staging.com/backend-api', S], ['https://ChatGPT.com', undefined],
    ['http://chatgpt.com', undefined], ['https://chatgpt.com//', undefined], ['https://chatgpt.com/backend-api/other', undefined],
    ['https://evil.chatgpt.com', undefined], ['https://chatgpt.com:8443', undefined], ['https://chatgpt.com?x', undefined],
  ];
  for (const [base, want] of rows) assert.equal(workloadTokenUrl(base), want, String(base));
});

test('SPIFFE ID and Workload API endpoint syntax (§1.2 step 4)', () => {
  for (const id of ['spiffe://td', 'spiffe://Example.org/a', 'spiffe://example.org/ns/ci/sa/x_y-z.1']) assert.ok(isValidSpiffeId(id), id);
  for (const id of ['', 'http://td', 'spiffe://', 'spiffe://td/', 'spiffe://td/a/', 'spiffe://td/a?x', 'spiffe://td/a#f', ' spiffe://td', 'spiffe://td ', 'spiffe://td//a', 'spiffe://td/./a', 'SPIFFE://td']) {
    assert.ok(!isValidSpiffeId(id), JSON.stringify(id));
  }
  assert.equal(unixSocketPath('unix:///run/agent.sock'), '/run/agent.sock');
  assert.equal(unixSocketPath('unix:/run/agent.sock'), '/run/agent.sock');
  assert.equal(unixSocketPath('UNIX:///run/agent.sock'), '/run/agent.sock');
  for (const u of ['agent.sock', '/run/agent.sock', 'unix:rel', 'tcp://127.0.0.1:1', 'unix://localhost/run/a.sock', 'unix:///a?x', 'unix:///a#f', 'unix://']) {
    assert.equal(unixSocketPath(u), undefined, u);
  }
});
