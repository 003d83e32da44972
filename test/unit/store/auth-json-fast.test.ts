// The JSON.parse fast path of auth.json parsing must give exactly what the serde_json emulation
// gives: the same document, or the same error. Every case is run both ways and compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAuthDotJson } from '../../../src/store/auth-dot-json.js';
import { parseAuthJsonFast, parsePlainJson } from '../../../src/store/auth-json-fast.js';

const file = { kind: 'file', path: '/h/auth.json' } as const;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const idToken = (claims: unknown) => `eyJhbGciOiJSUzI1NiJ9.${b64(claims)}.sig`;
const CLAIMS = {
  email: 'a@b.c',
  exp: 1_900_000_000,
  'https://api.openai.com/auth': { chatgpt_plan_type: 'plus', chatgpt_account_id: 'acct', chatgpt_account_is_fedramp: false },
  'https://api.openai.com/profile': { email: 'a@b.c' },
};
const CHATGPT = {
  auth_mode: 'chatgpt',
  OPENAI_API_KEY: null,
  tokens: { id_token: idToken(CLAIMS), access_token: 'at', refresh_token: 'rt', account_id: 'acct' },
  last_refresh: '2026-11-28T12:15:49.591163474Z',
};

type Outcome = { ok: unknown } | { err: string };
function outcome(text: string, fastPath: boolean): Outcome {
  try {
    return { ok: parseAuthDotJson(Buffer.from(text, 'utf8'), file, { fastPath }) };
  } catch (e) {
    return { err: `${(e as { code?: string }).code}: ${(e as Error).message}` };
  }
}
function same(text: string): Outcome {
  const fast = outcome(text, true);
  assert.deepEqual(fast, outcome(text, false), `differs for ${JSON.stringify(text)}`);
  return fast;
}

test('a ChatGPT, an API key and an unknown-fields document read the same both ways (and take the fast path)', () => {
  const docs = [
    CHATGPT,
    { OPENAI_API_KEY: 'sk-x' },
    { ...CHATGPT, extra: { nested: [1, 'two', null, { x: true }] }, auth_mode: null, agent_identity: null },
    { personal_access_token: 'at-1', auth_mode: 'personalAccessToken' },
  ];
  for (const d of docs) {
    const text = JSON.stringify(d, null, 2);
    assert.ok('ok' in same(text));
    assert.ok(parseAuthJsonFast(text, { authModes: ['chatgpt', 'personalAccessToken'], idToken: () => true, timestamp: () => true, agentIdentity: () => true }));
  }
});

test('documents the emulation must judge are refused by the fast check and give the same error', () => {
  const cases = [
    '{"OPENAI_API_KEY":"a","OPENAI_API_KEY":"b"}', // duplicate field
    '{"x":1,"x":2}',
    '{"OPENAI_API_KEY":"\\ud800"}', // lone surrogate
    '{"x":"\\udc00"}',
    '\ufeff{"OPENAI_API_KEY":"a"}', // BOM
    '{"x":1e400}',
    '["sk"]', // tuple form
    '{"OPENAI_API_KEY":1}',
    '{"auth_mode":"nope"}',
    '{"auth_mode":"headers"}',
    '{"tokens":{"id_token":"a.b","access_token":"x","refresh_token":"y"}}',
    `{"tokens":{"id_token":"${idToken({ email: 3 })}","access_token":"x","refresh_token":"y"}}`,
    `{"tokens":{"id_token":"${idToken({ 'https://api.openai.com/auth': { chatgpt_account_is_fedramp: null } })}","access_token":"x","refresh_token":"y"}}`,
    `{"tokens":{"id_token":"${idToken({ email: 'a', email2: 'b' }).replace('email2', 'email')}","access_token":"x","refresh_token":"y"}}`,
    '{"last_refresh":"2026-02-30T00:00:00Z"}',
    '{"bedrock_api_key":{"api_key":"k"}}',
    '{"agent_identity":{"x":1}}',
    '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}',
    '{"OPENAI_API_KEY":"a"} x',
    '',
  ];
  for (const c of cases) same(c);
  assert.equal(parsePlainJson('{"x":1,"x":2}'), undefined);
  assert.equal(parsePlainJson('{"a":"\\ud83d\\ude00"}'), undefined);
  assert.deepEqual(parsePlainJson('{"a":{"b":":"},"c":"\\":"}'), { a: { b: ':' }, c: '":' });
});

test('property: any JSON document reads the same both ways', () => {
  const known = fc.record(
    {
      auth_mode: fc.constantFrom('chatgpt', 'apikey', 'x', null),
      OPENAI_API_KEY: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
      tokens: fc.record({ id_token: fc.constantFrom(idToken(CLAIMS), 'a.b.c', idToken({ email: 1 })), access_token: fc.string(), refresh_token: fc.string() }, { requiredKeys: [] }),
      last_refresh: fc.constantFrom('2026-11-28T12:15:49Z', 'nope', null),
      personal_access_token: fc.oneof(fc.string(), fc.constant(null)),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(known, fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean(), (k, extra, pretty) => {
      same(JSON.stringify({ ...extra, ...k }, null, pretty ? 2 : undefined));
    }),
    { numRuns: 300 },
  );
  fc.assert(fc.property(fc.string(), (s) => void same(s)), { numRuns: 300 });
});
