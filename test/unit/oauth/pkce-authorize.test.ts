import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { codeChallengeS256, generatePkce, generateState } from '../../../src/oauth/pkce.js';
import { buildAuthorizeUrl, callbackRedirectUri } from '../../../src/oauth/authorize-url.js';

const B64URL = /^[A-Za-z0-9_-]+$/;

test('PKCE verifier is 86 base64url chars from 64 random bytes; challenge is S256 of it', () => {
  const { codeVerifier, codeChallenge } = generatePkce();
  assert.equal(codeVerifier.length, 86);
  assert.match(codeVerifier, B64URL);
  assert.equal(codeChallenge, createHash('sha256').update(codeVerifier).digest('base64url'));
  assert.equal(codeChallenge.length, 43);
  assert.notEqual(generatePkce().codeVerifier, codeVerifier);
});

test('PKCE uses exactly the injected random bytes (RFC 7636 appendix B vector)', () => {
  const seen: number[] = [];
  const fixed = (n: number) => (seen.push(n), new Uint8Array(n).fill(1));
  const { codeVerifier } = generatePkce(fixed);
  assert.deepEqual(seen, [64]);
  assert.equal(codeVerifier, Buffer.alloc(64, 1).toString('base64url'));
  // RFC 7636 Appendix B.
  assert.equal(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('state is 43 base64url chars from 32 random bytes', () => {
  const s = generateState();
  assert.equal(s.length, 43);
  assert.match(s, B64URL);
  assert.equal(generateState((n) => new Uint8Array(n)), Buffer.alloc(32).toString('base64url'));
});

test('authorize URL has the observed parameters, order and encoding', () => {
  const url = buildAuthorizeUrl({ redirectUri: callbackRedirectUri(1455), codeChallenge: 'CH', state: 'ST' });
  assert.equal(
    url,
    'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann' +
      '&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&code_challenge=CH&code_challenge_method=S256' +
      '&state=ST&scope=openid+profile+email+offline_access+api.connectors.read+api.connectors.invoke' +
      '&id_token_add_organizations=true&codex_cli_simplified_flow=true&originator=codex_cli_rs',
  );
});

test('authorize URL: forced workspaces are one comma-joined parameter, last; originator and issuer as given', () => {
  const url = buildAuthorizeUrl({
    issuer: 'http://127.0.0.1:9/',
    redirectUri: callbackRedirectUri(1457),
    codeChallenge: 'c',
    state: 's',
    originator: 'my app',
    allowedWorkspaceIds: ['ws-1', 'ws-2'],
  });
  assert.ok(url.startsWith('http://127.0.0.1:9//oauth/authorize?'), url);
  assert.ok(url.endsWith('&originator=my+app&allowed_workspace_id=ws-1%2Cws-2'), url);
  assert.ok(url.includes('redirect_uri=http%3A%2F%2F127.0.0.1%3A1457%2Fauth%2Fcallback'));
  assert.ok(!buildAuthorizeUrl({ redirectUri: 'r', codeChallenge: 'c', state: 's', allowedWorkspaceIds: [] }).includes('allowed_workspace_id'));
});
