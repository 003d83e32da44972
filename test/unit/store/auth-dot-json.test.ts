import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseAuthDotJson,
  resolveAuthMode,
  serializeAuthDotJson,
  serializeAuthDotJsonCompact,
} from '../../../src/store/auth-dot-json.js';
import type { AuthDotJson } from '../../../src/store/types.js';
import { isCodexAuthError } from '../../../src/errors.js';

const file = { kind: 'file', path: '/h/auth.json' } as const;
const ID = 'a.e30.s';

test('serializes like 0.169.0: field order, 2-space indent, no trailing newline', () => {
  const doc: AuthDotJson = {
    last_refresh: '2026-11-28T12:15:49.591163474Z',
    tokens: {
      account_id: 'acct',
      login_owner_id: 'owner',
      oauth_provenance: { client_id: 'app_x', issuer: 'https://auth.openai.com' },
      refresh_token: 'rt',
      access_token: 'at',
      id_token: ID,
    },
    OPENAI_API_KEY: 'sk-x',
    auth_mode: 'chatgpt',
  };
  assert.equal(
    serializeAuthDotJson(doc),
    `{
  "auth_mode": "chatgpt",
  "OPENAI_API_KEY": "sk-x",
  "tokens": {
    "id_token": "${ID}",
    "access_token": "at",
    "refresh_token": "rt",
    "oauth_provenance": {
      "issuer": "https://auth.openai.com",
      "client_id": "app_x"
    },
    "login_owner_id": "owner",
    "account_id": "acct"
  },
  "last_refresh": "2026-11-28T12:15:49.591163474Z"
}`,
  );
  assert.equal(
    serializeAuthDotJsonCompact({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-k' }),
    '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-k"}',
  );
  // PAT logins: no auth_mode, OPENAI_API_KEY always written (null).
  assert.equal(
    serializeAuthDotJson({ personal_access_token: 'at-1' } as AuthDotJson),
    '{\n  "OPENAI_API_KEY": null,\n  "personal_access_token": "at-1"\n}',
  );
});

test('unknown fields survive a parse/serialize round trip (after the known ones)', () => {
  const text = '{"zeta":[1,{"b":null}],"OPENAI_API_KEY":"sk-1","auth_mode":"apikey","tokens":null,"extra":{"x":"y"}}';
  const doc = parseAuthDotJson(text, file);
  assert.equal(
    serializeAuthDotJsonCompact(doc),
    '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-1","zeta":[1,{"b":null}],"extra":{"x":"y"}}',
  );
  const t = parseAuthDotJson(
    `{"tokens":{"future":1,"id_token":"${ID}","access_token":"a","refresh_token":"r","oauth_provenance":{"issuer":"i","client_id":"c","v":2}}}`,
    file,
  );
  assert.equal(
    serializeAuthDotJsonCompact(t),
    `{"OPENAI_API_KEY":null,"tokens":{"id_token":"${ID}","access_token":"a","refresh_token":"r","oauth_provenance":{"issuer":"i","client_id":"c","v":2},"account_id":null,"future":1}}`,
  );
});

test('a "__proto__" key is kept as data, never as a prototype', () => {
  const doc = parseAuthDotJson('{"__proto__":{"polluted":1}}', file);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(serializeAuthDotJsonCompact(doc), '{"OPENAI_API_KEY":null,"__proto__":{"polluted":1}}');
});

test('agent identity record: email "" means absent; always written', () => {
  const rec = '{"agent_runtime_id":"r","agent_private_key":"k","account_id":"a","chatgpt_user_id":"u","plan_type":"plus","chatgpt_account_is_fedramp":false}';
  const doc = parseAuthDotJson(`{"auth_mode":"agentIdentity","agent_identity":${rec}}`, file);
  assert.equal(typeof doc.agent_identity === 'object' && doc.agent_identity.email, '');
  assert.match(serializeAuthDotJsonCompact(doc), /"chatgpt_user_id":"u","email":"","plan_type":"plus"/);
  const jwtDoc = parseAuthDotJson('{"auth_mode":"agentIdentity","agent_identity":"h.p.s"}', file);
  assert.equal(jwtDoc.agent_identity, 'h.p.s');
});

test('mode resolution (spec §2.1)', () => {
  const m = (s: string) => resolveAuthMode(parseAuthDotJson(s, file));
  assert.equal(m('{}'), 'chatgpt');
  assert.equal(m('{"OPENAI_API_KEY":"sk"}'), 'apikey');
  assert.equal(m(`{"OPENAI_API_KEY":"sk","tokens":{"id_token":"${ID}","access_token":"a","refresh_token":"r"}}`), 'apikey');
  assert.equal(m('{"personal_access_token":"at-1","OPENAI_API_KEY":"sk"}'), 'personalAccessToken');
  assert.equal(m('{"bedrock_api_key":{"api_key":"k","region":"r"}}'), 'bedrockApiKey');
  assert.equal(m('{"auth_mode":"chatgpt","OPENAI_API_KEY":"sk"}'), 'chatgpt');
  assert.equal(m('{"auth_mode":{"apikey":null}}'), 'apikey');
});

test('"headers" mode cannot be loaded from storage (reference message)', () => {
  assert.throws(() => parseAuthDotJson('{"auth_mode":"headers"}', file), (e: unknown) =>
    isCodexAuthError(e, 'store.external_auth') && e.message === 'externally provided auth cannot be loaded from auth storage.');
});

test('keyring origin uses the keyring wording and no file hint', () => {
  assert.throws(() => parseAuthDotJson('', { kind: 'keyring' }), (e: unknown) =>
    isCodexAuthError(e, 'store.malformed') &&
    e.message === 'failed to deserialize CLI auth from keyring: EOF while parsing a value at line 1 column 0');
});

test('property: any JSON object parses like JSON.parse when its known fields are well-typed', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.string().filter((k) => !['auth_mode', 'OPENAI_API_KEY', 'tokens', 'last_refresh', 'agent_identity', 'personal_access_token', 'bedrock_api_key', '__proto__'].includes(k)), fc.jsonValue()),
      fc.option(fc.string(), { nil: null }),
      (extra, key) => {
        const input = { ...extra, OPENAI_API_KEY: key };
        const text = JSON.stringify(input, null, 2);
        const doc = parseAuthDotJson(text, file);
        assert.deepEqual(JSON.parse(serializeAuthDotJsonCompact(doc)), JSON.parse(JSON.stringify(input)));
      },
    ),
    { numRuns: 300 },
  );
});
