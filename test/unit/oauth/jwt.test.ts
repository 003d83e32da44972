import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwtPayload, decodeBase64UrlNoPad, jwtExpiry } from '../../../src/oauth/jwt.js';
import { parseIdToken } from '../../../src/oauth/id-token.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { b64, fakeJwt } from './fake-server.js';

test('JWT format: ≥3 parts, first three non-empty; otherwise `invalid ID token format`', () => {
  for (const bad of ['notajwt', 'a.b', '.b.c', 'a..c', 'a.b.', '']) {
    assert.throws(() => decodeJwtPayload(bad), (e: unknown) => isCodexAuthError(e, 'oauth.invalid_id_token') && e.message === 'invalid ID token format', bad);
  }
  assert.deepEqual(decodeJwtPayload(`h.${b64({ a: 1 })}.s.extra`), { a: 1 });
  assert.deepEqual(decodeJwtPayload(`h.${b64({ a: 1 })}.s.`), { a: 1 });
});

test('JWT payload: unpadded base64url only, JSON errors in serde words', () => {
  assert.throws(() => decodeJwtPayload(`h.${Buffer.from('{"a":1}').toString('base64')}.s`), /^Error: Invalid padding$|Invalid padding/);
  assert.throws(() => decodeJwtPayload('h.a!b.s'), /Invalid symbol 33, offset 1\./);
  assert.throws(() => decodeJwtPayload(`h.${b64('hello')}.s`), /expected value at line 1 column 1/);
  assert.throws(() => decodeJwtPayload(`h.${b64('[1]')}.s`), /invalid ID token format/);
});

test('base64url (no pad) errors match Rust base64 (seen from the 0.169.0 binary)', () => {
  assert.throws(() => decodeBase64UrlNoPad('abcde'), /^Error: Invalid input length: 5$/);
  assert.throws(() => decodeBase64UrlNoPad('ab'), /^Error: Invalid last symbol 98, offset 1\.$/);
  assert.throws(() => decodeBase64UrlNoPad('aé'), /^Error: Invalid symbol 195, offset 1\.$/);
  assert.throws(() => decodeBase64UrlNoPad('ab=c'), /^Error: Invalid symbol 61, offset 2\.$/);
  assert.throws(() => decodeBase64UrlNoPad('abc='), /^Error: Invalid padding$/);
  assert.equal(decodeBase64UrlNoPad('aGk').toString(), 'hi');
});

test('id_token claims: email, plan, user id, account id, fedramp, org/project, needs_setup, exp', () => {
  const info = parseIdToken(
    fakeJwt({
      email: 'me@example.com',
      exp: 1893456000,
      'https://api.openai.com/auth': {
        chatgpt_plan_type: 'pro',
        chatgpt_user_id: 'user-1',
        chatgpt_account_id: 'acct-fake-123',
        chatgpt_account_is_fedramp: true,
        organization_id: 'org-1',
        project_id: 'proj-1',
        is_org_owner: true,
        completed_platform_onboarding: false,
      },
    }),
  );
  assert.deepEqual(info, {
    email: 'me@example.com',
    planType: 'pro',
    userId: 'user-1',
    accountId: 'acct-fake-123',
    fedramp: true,
    orgId: 'org-1',
    projectId: 'proj-1',
    needsSetup: true,
    exp: 1893456000,
  });
});

test('id_token fallbacks: profile email, user_id; missing claims tolerated; needs_setup rules', () => {
  const info = parseIdToken(fakeJwt({ 'https://api.openai.com/profile': { email: 'p@x' }, 'https://api.openai.com/auth': { user_id: 'u2' } }));
  assert.equal(info.email, 'p@x');
  assert.equal(info.userId, 'u2');
  assert.equal(info.accountId, undefined);
  assert.equal(info.fedramp, false);
  assert.equal(info.needsSetup, false);
  assert.equal(info.exp, undefined);
  const owner = (c: unknown) => parseIdToken(fakeJwt({ 'https://api.openai.com/auth': { is_org_owner: true, completed_platform_onboarding: c } })).needsSetup;
  assert.equal(owner(true), false);
  assert.equal(owner(undefined), true);
  assert.deepEqual(parseIdToken(fakeJwt({})).planType, undefined);
  assert.throws(() => parseIdToken('notajwt'), /invalid ID token format/);
});

test('jwtExpiry: exp of a JWT access token, undefined for opaque tokens', () => {
  assert.equal(jwtExpiry(fakeJwt({ exp: 1700000000 })), 1700000000);
  assert.equal(jwtExpiry(fakeJwt({ exp: '1700000000' })), undefined);
  assert.equal(jwtExpiry('opaque-access-token'), undefined);
});
