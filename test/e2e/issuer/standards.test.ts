// Standards checks with a well-kept generic OAuth/OIDC client (oauth4webapi): discovery, PKCE code
// flow, refresh rotation, revocation, userinfo; JWT signatures verified against the JWKS (jose).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { RunningIssuer } from '../../../src/issuer/index.js';
import { CLIENT_ID, postForm, REDIRECT_URI, startTestIssuer } from '../../helpers/issuer.js';

let issuer: RunningIssuer;
let as: oauth.AuthorizationServer;
const client: oauth.Client = { client_id: CLIENT_ID };
const clientAuth = oauth.None();
const insecure = { [oauth.allowInsecureRequests]: true } as const;

before(async () => {
  issuer = await startTestIssuer();
  const issuerUrl = new URL(issuer.url);
  as = await oauth.processDiscoveryResponse(issuerUrl, await oauth.discoveryRequest(issuerUrl, { algorithm: 'oidc', ...insecure }));
});
after(() => issuer.close());

/** Drives the sign-in page like a browser form would and returns the callback URL. */
async function authorize(params: URLSearchParams): Promise<URL> {
  const page = await fetch(`${as.authorization_endpoint}?${params}`);
  assert.equal(page.status, 200);
  const txn = /name="txn" value="([^"]+)"/.exec(await page.text())![1]!;
  const acct = issuer.admin.accounts()[0]!;
  const r = await postForm(`${issuer.url}/oauth/authorize/decision`, { txn, decision: 'allow', account: `${acct.userId} ${acct.workspaces[0]!.id}` });
  return new URL(r.location!);
}

async function codeFlow() {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile email offline_access',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = await authorize(params);
  const validated = oauth.validateAuthResponse(as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, validated, REDIRECT_URI, verifier, insecure);
  return oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
}

describe('oauth4webapi against the issuer', () => {
  it('discovery: metadata for this issuer with S256 and the revocation endpoint', () => {
    assert.equal(as.issuer, issuer.url);
    assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
    assert.equal(as.revocation_endpoint, `${issuer.url}/oauth/revoke`);
  });

  it('PKCE code flow: the id_token validates (iss, aud, nonce, exp) and both JWTs verify against the JWKS', async () => {
    const result = await codeFlow();
    const claims = oauth.getValidatedIdTokenClaims(result)!;
    assert.equal(claims.iss, issuer.url);
    assert.equal(claims.email, 'dev@example.com');
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    const id = await jwtVerify(result.id_token!, jwks, { issuer: issuer.url, audience: CLIENT_ID, algorithms: ['RS256'] });
    assert.equal((id.payload['https://api.openai.com/auth'] as any).chatgpt_account_id, 'ws-dev-personal');
    const access = await jwtVerify(result.access_token, jwks, { issuer: issuer.url, audience: 'https://api.openai.com/v1' });
    assert.equal(access.payload.client_id, CLIENT_ID);
    // A tampered token does not verify.
    const [h, p, s] = result.access_token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...access.payload, sub: 'someone-else' })).toString('base64url')}.${s}`;
    void p;
    await assert.rejects(jwtVerify(tampered, jwks));
  });

  it('refresh rotation: a new refresh token each time; the old one is refused and the family dies', async () => {
    const first = await codeFlow();
    const r1 = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, first.refresh_token!, insecure));
    assert.ok(r1.refresh_token && r1.refresh_token !== first.refresh_token);
    assert.ok(oauth.getValidatedIdTokenClaims(r1));
    const reuse = await oauth.refreshTokenGrantRequest(as, client, clientAuth, first.refresh_token!, insecure);
    assert.equal(reuse.status, 401);
    await assert.rejects(oauth.processRefreshTokenResponse(as, client, reuse));
    const after = await oauth.refreshTokenGrantRequest(as, client, clientAuth, r1.refresh_token!, insecure);
    assert.equal(after.status, 401);
    assert.equal(((await after.json()) as any).error.code, 'refresh_token_invalidated');
  });

  it('revocation (RFC 7009) of the refresh token ends the grant', async () => {
    const tokens = await codeFlow();
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, tokens.refresh_token!, { ...insecure, additionalParameters: { token_type_hint: 'refresh_token' } }));
    const r = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure);
    assert.equal(r.status, 401);
  });

  it('userinfo answers for the access token and its subject', async () => {
    const tokens = await codeFlow();
    const sub = oauth.getValidatedIdTokenClaims(tokens)!.sub;
    const info = await oauth.processUserInfoResponse(as, client, sub, await oauth.userInfoRequest(as, client, tokens.access_token, insecure));
    assert.equal(info.email, 'dev@example.com');
  });

  it('an invalid code is an OAuth error the generic client understands', async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      oauth.validateAuthResponse(as, client, new URL(`${REDIRECT_URI}?code=ac_nope&state=s1`), 's1'),
      REDIRECT_URI,
      oauth.generateRandomCodeVerifier(),
      insecure,
    );
    await assert.rejects(oauth.processAuthorizationCodeResponse(as, client, response), (e: unknown) => e instanceof oauth.ResponseBodyError && e.error === 'invalid_grant');
  });
});
