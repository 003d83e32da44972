import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { decodeAgentIdentityJwt, verifyAgentIdentityJwt } from '../../../src/oauth/agent-identity.js';
import { agentIdentityJwksUrl } from '../../../src/oauth/urls.js';
import { isCodexAuthError, type CodexAuthErrorCode } from '../../../src/errors.js';
import { always, b64, fakeServer, type FakeServer } from './fake-server.js';

const NOW = 1_900_000_000;
const CLAIMS = {
  iss: 'https://chatgpt.com/codex-backend/agent-identity',
  aud: 'codex-app-server',
  iat: NOW - 60,
  exp: NOW + 3600,
  agent_runtime_id: 'rt-1',
  agent_private_key: 'pk',
  account_id: 'acct-1',
  chatgpt_user_id: 'user-1',
  email: 'a@x',
  plan_type: 'enterprise',
  chatgpt_account_is_fedramp: false,
};

type Key = Awaited<ReturnType<typeof jose.generateKeyPair>>['privateKey'];
let key: Key;
let otherKey: Key;
let srv: FakeServer;

before(async () => {
  const pair = await jose.generateKeyPair('RS256', { extractable: true });
  key = pair.privateKey;
  otherKey = (await jose.generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  srv = await fakeServer(always(200, JSON.stringify({ keys: [jwk] })));
});
after(() => srv.close());

function sign(claims: Record<string, unknown>, header: jose.JWTHeaderParameters = { alg: 'RS256', kid: 'k1' }, k: Key = key) {
  return new jose.SignJWT(claims).setProtectedHeader(header).sign(k);
}

function verify(jwt: string) {
  return verifyAgentIdentityJwt({ fetch, jwt, jwksUrl: `${srv.url}/agent-identities/jwks`, nowSeconds: NOW, headers: { originator: 'codex_cli_rs' } });
}

test('a valid RS256 agent identity JWT verifies against the JWKS; JWKS fetched with default headers', async () => {
  const before = srv.requests.length;
  const claims = await verify(await sign(CLAIMS));
  assert.equal(claims.account_id, 'acct-1');
  assert.equal(claims.agent_runtime_id, 'rt-1');
  const req = srv.requests[before]!;
  assert.equal(req.method, 'GET');
  assert.equal(req.path, '/agent-identities/jwks');
  assert.equal(req.headers['originator'], 'codex_cli_rs');
});

// Messages checked against the official 0.169.0 binary (CODEX_AGENT_IDENTITY_JWKS_BASE_URL on loopback).
const REJECTED: Array<[string, () => Promise<string>, CodexAuthErrorCode, string]> = [
  ['wrong aud', () => sign({ ...CLAIMS, aud: 'someone-else' }), 'oauth.agent_identity_verify', 'failed to verify agent identity JWT'],
  ['wrong iss', () => sign({ ...CLAIMS, iss: 'https://evil.example' }), 'oauth.agent_identity_verify', 'failed to verify agent identity JWT'],
  ['expired', () => sign({ ...CLAIMS, exp: NOW - 120 }), 'oauth.agent_identity_verify', 'failed to verify agent identity JWT'],
  ['signed by another key', () => sign(CLAIMS, { alg: 'RS256', kid: 'k1' }, otherKey), 'oauth.agent_identity_verify', 'failed to verify agent identity JWT'],
  ['unsigned (alg none)', async () => `${b64({ alg: 'none', kid: 'k1' })}.${b64(CLAIMS)}.sig`, 'oauth.agent_identity_verify', 'failed to verify agent identity JWT'],
  ['junk signature', async () => `${(await sign(CLAIMS)).split('.').slice(0, 2).join('.')}.abc`, 'oauth.agent_identity_verify', 'failed to verify agent identity JWT'],
  ['unknown kid', () => sign(CLAIMS, { alg: 'RS256', kid: 'nope' }), 'oauth.agent_identity_kid', 'agent identity JWT kid nope is not trusted'],
  ['no kid', () => sign(CLAIMS, { alg: 'RS256' }), 'oauth.agent_identity_kid', 'agent identity JWT header does not include a kid'],
];
for (const [name, make, code, message] of REJECTED) {
  test(`agent identity JWT ${name} → ${message}`, async () => {
    const jwt = await make();
    await assert.rejects(verify(jwt), (e: unknown) => isCodexAuthError(e, code) && e.message === message);
  });
}

test('JWKS endpoint failing → agent identity JWKS errors', async () => {
  const bad = await fakeServer(always(500, 'x'));
  const jwt = await sign(CLAIMS);
  await assert.rejects(
    verifyAgentIdentityJwt({ fetch, jwt, jwksUrl: `${bad.url}/jwks`, nowSeconds: NOW }),
    (e: unknown) => isCodexAuthError(e, 'oauth.agent_identity_jwks') && e.message === 'agent identity JWKS endpoint returned an error',
  );
  await bad.close();
  const junk = await fakeServer(always(200, '{"nokeys":1}'));
  await assert.rejects(
    verifyAgentIdentityJwt({ fetch, jwt, jwksUrl: `${junk.url}/jwks`, nowSeconds: NOW }),
    (e: unknown) => isCodexAuthError(e, 'oauth.agent_identity_jwks') && e.message === 'failed to decode agent identity JWKS',
  );
  await junk.close();
});

// Step 1 (offline) texts, each seen from the 0.169.0 binary.
const OFFLINE: Array<[string, string, string]> = [
  ['not-a-jwt', 'not-a-jwt', 'invalid agent identity JWT format'],
  ['two parts', 'aaa.bbb', 'invalid agent identity JWT format'],
  ['four parts', 'a.b.c.d', 'invalid agent identity JWT format'],
  ['bad base64', 'aaa.b!b.ccc', 'agent identity JWT payload is not valid base64url: Invalid symbol 33, offset 1.'],
  ['padded base64', `aaa.${Buffer.from('{"a":1}').toString('base64')}.ccc`, 'agent identity JWT payload is not valid base64url: Invalid padding'],
  ['not JSON', `aaa.${b64('hello')}.ccc`, 'agent identity JWT payload is not valid JSON: expected value at line 1 column 1'],
  ['array', `aaa.${b64('[1]')}.ccc`, 'invalid credential JSON (Data at line 1 column 2)'],
  ['mistyped claim', `aaa.${b64('{"iss":1}')}.ccc`, 'invalid credential JSON (Data at line 1 column 8)'],
  ['missing claims (pretty)', `aaa.${b64('{\n  "iss": "x"\n}')}.ccc`, 'invalid credential JSON (Data at line 3 column 1)'],
];
for (const [name, jwt, inner] of OFFLINE) {
  test(`agent identity offline: ${name} → failed to decode agent identity JWT: ${inner}`, async () => {
    const before = srv.requests.length;
    assert.throws(() => decodeAgentIdentityJwt(jwt), (e: unknown) => isCodexAuthError(e, 'oauth.agent_identity_format') && e.message === `failed to decode agent identity JWT: ${inner}`);
    await assert.rejects(verify(jwt), (e: unknown) => isCodexAuthError(e, 'oauth.agent_identity_format'));
    assert.equal(srv.requests.length, before, 'no JWKS request before the offline checks pass');
  });
}

test('agent identity offline: missing plan_type reports the end of the payload; email optional/null', () => {
  const payload = JSON.stringify({ ...CLAIMS, plan_type: undefined });
  assert.throws(() => decodeAgentIdentityJwt(`h.${b64(payload)}.s`), new RegExp(`Data at line 1 column ${Buffer.byteLength(payload)}\\)$`));
  assert.equal(decodeAgentIdentityJwt(`h.${b64({ ...CLAIMS, email: undefined })}.s`).email, undefined);
  assert.equal(decodeAgentIdentityJwt(`h.${b64({ ...CLAIMS, email: null })}.s`).email, undefined);
  assert.throws(() => decodeAgentIdentityJwt(`h.${b64({ ...CLAIMS, iat: 1.5 })}.s`), /invalid credential JSON/);
});

test('JWKS URL: /wham/agent-identities/jwks under /backend-api, else /agent-identities/jwks; override env', () => {
  assert.equal(agentIdentityJwksUrl({}), 'https://chatgpt.com/backend-api/wham/agent-identities/jwks');
  assert.equal(agentIdentityJwksUrl({}, 'https://chatgpt.com/'), 'https://chatgpt.com/agent-identities/jwks');
  assert.equal(agentIdentityJwksUrl({ CODEX_AGENT_IDENTITY_JWKS_BASE_URL: 'http://127.0.0.1:5/' }), 'http://127.0.0.1:5/agent-identities/jwks');
});
