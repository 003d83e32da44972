// The issuer's protocol over real HTTP: discovery, authorize, code exchange (PKCE), token exchange,
// revoke, whoami, device code, claims.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { authorizeUrl, CLIENT_ID, codeFlow, decodeJwt, pkce, postForm, postJson, REDIRECT_URI, signIn, exchangeDeviceCode } from '../../helpers/issuer.js';

let issuer: RunningIssuer;
before(async () => {
  issuer = await startIssuer({ deviceIntervalSeconds: 0 });
});
after(() => issuer.close());

describe('discovery and JWKS', () => {
  it('serves an OpenID configuration naming this issuer and its endpoints', async () => {
    const conf = (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as any;
    assert.equal(conf.issuer, issuer.url);
    assert.equal(conf.token_endpoint, `${issuer.url}/oauth/token`);
    assert.equal(conf.revocation_endpoint, `${issuer.url}/oauth/revoke`);
    assert.deepEqual(conf.code_challenge_methods_supported, ['S256']);
    const jwks = (await (await fetch(conf.jwks_uri)).json()) as any;
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'RSA');
    assert.equal(jwks.keys[0].alg, 'RS256');
    assert.equal(jwks.keys[0].d, undefined, 'no private member is published');
  });
});

describe('GET /oauth/authorize', () => {
  it('renders the sign-in page listing the accounts', async () => {
    const r = await fetch(authorizeUrl(issuer, { code_challenge: pkce().challenge }));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /text\/html/);
    const html = await r.text();
    assert.match(html, /Sign in to Codex/);
    assert.match(html, /dev@example\.com/);
    assert.match(html, /team@example\.com/);
  });

  it('refuses an unknown client id or redirect URI with a page, not a redirect', async () => {
    const a = await fetch(authorizeUrl(issuer, { code_challenge: pkce().challenge, client_id: 'app_other' }), { redirect: 'manual' });
    assert.equal(a.status, 400);
    assert.match(await a.text(), /not registered/);
    const b = await fetch(authorizeUrl(issuer, { code_challenge: pkce().challenge, redirect_uri: 'http://127.0.0.1:9999/auth/callback' }), { redirect: 'manual' });
    assert.equal(b.status, 400);
  });

  it('accepts the Codex loopback redirect URIs on 1455 and 1457, both host spellings', async () => {
    for (const uri of ['http://127.0.0.1:1455/auth/callback', 'http://localhost:1455/auth/callback', 'http://127.0.0.1:1457/auth/callback', 'http://localhost:1457/auth/callback']) {
      const r = await fetch(authorizeUrl(issuer, { code_challenge: pkce().challenge, redirect_uri: uri }));
      assert.equal(r.status, 200, uri);
    }
  });

  it('redirects with invalid_request when PKCE is missing or not S256', async () => {
    const a = await fetch(authorizeUrl(issuer, { code_challenge_method: 'plain', code_challenge: pkce().challenge }), { redirect: 'manual' });
    assert.equal(a.status, 302);
    const loc = new URL(a.headers.get('location')!);
    assert.equal(loc.searchParams.get('error'), 'invalid_request');
    assert.equal(loc.searchParams.get('state'), 'state-123');
    const u = new URL(authorizeUrl(issuer, {}));
    u.searchParams.delete('code_challenge');
    const b = await fetch(u, { redirect: 'manual' });
    assert.equal(new URL(b.headers.get('location')!).searchParams.get('error'), 'invalid_request');
  });

  it('allow redirects with code and state; deny with access_denied', async () => {
    const allowed = await signIn(issuer, { challenge: pkce().challenge });
    assert.equal(`${allowed.origin}${allowed.pathname}`, REDIRECT_URI);
    assert.match(allowed.searchParams.get('code')!, /^ac_/);
    assert.equal(allowed.searchParams.get('state'), 'state-123');
    const denied = await signIn(issuer, { challenge: pkce().challenge, decision: 'deny' });
    assert.equal(denied.searchParams.get('error'), 'access_denied');
    assert.equal(denied.searchParams.get('code'), null);
    assert.equal(denied.searchParams.get('state'), 'state-123');
  });

  it('denies an account without Codex with missing_codex_entitlement', async () => {
    const back = await signIn(issuer, { challenge: pkce().challenge, email: 'nocodex@example.com' });
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.match(back.searchParams.get('error_description')!, /missing_codex_entitlement/);
  });

  it('allowed_workspace_id limits the accounts offered', async () => {
    const r = await fetch(authorizeUrl(issuer, { code_challenge: pkce().challenge, allowed_workspace_id: 'ws-team-beta,ws-gov' }));
    const html = await r.text();
    assert.match(html, /ws-team-beta/);
    assert.match(html, /ws-gov/);
    assert.doesNotMatch(html, /ws-dev-personal/);
    assert.doesNotMatch(html, /ws-team-alpha/);
    await assert.rejects(signIn(issuer, { challenge: pkce().challenge, params: { allowed_workspace_id: 'ws-gov' } }), /decision answered 400/);
  });

  it('a sign-in page can be answered only once', async () => {
    const html = await (await fetch(authorizeUrl(issuer, { code_challenge: pkce().challenge }))).text();
    const txn = /name="txn" value="([^"]+)"/.exec(html)![1]!;
    const acct = issuer.admin.accounts()[0]!;
    const choice = `${acct.userId} ${acct.workspaces[0]!.id}`;
    assert.equal((await postForm(`${issuer.url}/oauth/authorize/decision`, { txn, decision: 'allow', account: choice })).status, 302);
    assert.equal((await postForm(`${issuer.url}/oauth/authorize/decision`, { txn, decision: 'allow', account: choice })).status, 400);
  });
});

describe('authorization_code grant', () => {
  async function codeFor(verifierChallenge = pkce()) {
    const back = await signIn(issuer, { challenge: verifierChallenge.challenge, params: { id_token_add_organizations: 'true' } });
    return { code: back.searchParams.get('code')!, ...verifierChallenge };
  }

  it('issues RS256 tokens with the OpenAI auth and profile claims', async () => {
    const { code, verifier } = await codeFor();
    const r = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    assert.equal(r.status, 200);
    assert.equal(r.body.token_type, 'Bearer');
    assert.equal(r.body.expires_in, 3600);
    assert.match(r.body.refresh_token, /^rt_/);
    const header = JSON.parse(Buffer.from(r.body.id_token.split('.')[0], 'base64url').toString());
    assert.equal(header.alg, 'RS256');
    const id = decodeJwt(r.body.id_token);
    assert.equal(id.iss, issuer.url);
    assert.deepEqual(id.aud, [CLIENT_ID]);
    assert.equal(id.email, 'dev@example.com');
    const auth = id['https://api.openai.com/auth'];
    assert.equal(auth.chatgpt_account_id, 'ws-dev-personal');
    assert.equal(auth.chatgpt_plan_type, 'plus');
    assert.equal(auth.chatgpt_account_is_fedramp, false);
    assert.equal(typeof auth.chatgpt_user_id, 'string');
    assert.equal(auth.organizations[0].id, 'ws-dev-personal');
    assert.equal(id['https://api.openai.com/profile'].email, 'dev@example.com');
    const access = decodeJwt(r.body.access_token);
    assert.equal(access.exp - access.iat, 3600);
    assert.equal(access['https://api.openai.com/auth'].chatgpt_account_id, 'ws-dev-personal');
  });

  it('refuses a wrong verifier, a wrong redirect URI and a wrong client', async () => {
    const { code, verifier } = await codeFor();
    const wrongVerifier = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT_URI, code_verifier: pkce().verifier });
    assert.equal(wrongVerifier.status, 400);
    assert.equal(wrongVerifier.body.error, 'invalid_grant');
    const wrongRedirect = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: 'http://localhost:1455/auth/callback', code_verifier: verifier });
    assert.equal(wrongRedirect.body.error, 'invalid_grant');
    const wrongClient = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'authorization_code', client_id: 'app_other', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    assert.equal(wrongClient.status, 401);
    assert.equal(wrongClient.body.error, 'invalid_client');
    // The failed attempts did not consume it.
    const ok = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    assert.equal(ok.status, 200);
  });

  it('a code is single use, and replaying it revokes the tokens it produced', async () => {
    const { code, verifier } = await codeFor();
    const body = { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT_URI, code_verifier: verifier };
    const first = await postForm(`${issuer.url}/oauth/token`, body);
    assert.equal(first.status, 200);
    const second = await postForm(`${issuer.url}/oauth/token`, body);
    assert.equal(second.status, 400);
    assert.equal(second.body.error, 'invalid_grant');
    assert.equal(issuer.admin.family(first.body.refresh_token).status, 'revoked');
  });

  it('an expired code is refused', async () => {
    const { code, verifier } = await codeFor();
    assert.ok(issuer.admin.expireAuthorizationCodes() >= 1);
    const r = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    assert.equal(r.status, 400);
    assert.match(r.body.error_description, /expired/);
  });

  it('rejects an unknown grant type and a body that is not JSON', async () => {
    const a = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'password', client_id: CLIENT_ID });
    assert.equal(a.body.error, 'unsupported_grant_type');
    const b = await fetch(`${issuer.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    assert.equal(b.status, 400);
    assert.equal(((await b.json()) as any).error, 'invalid_request');
  });
});

describe('token exchange (RFC 8693, openai-api-key)', () => {
  it('exchanges an id_token of this issuer for an API key, and refuses a forged one', async () => {
    const tokens = await codeFlow(issuer);
    const fields = {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: CLIENT_ID,
      requested_token: 'openai-api-key',
      subject_token: tokens.id_token,
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
    };
    const ok = await postForm(`${issuer.url}/oauth/token`, fields);
    assert.equal(ok.status, 200);
    assert.match(ok.body.access_token, /^sk-proj-/);
    const parts = tokens.id_token.split('.');
    const forged = `${parts[0]}.${Buffer.from(JSON.stringify({ ...decodeJwt(tokens.id_token), email: 'x@evil' })).toString('base64url')}.${parts[2]}`;
    const bad = await postForm(`${issuer.url}/oauth/token`, { ...fields, subject_token: forged });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_grant');
  });
});

describe('POST /oauth/revoke', () => {
  it('takes the JSON body the Codex CLI sends and revokes the family', async () => {
    const t = await codeFlow(issuer);
    const r = await postJson(`${issuer.url}/oauth/revoke`, { token: t.refresh_token, token_type_hint: 'refresh_token', client_id: CLIENT_ID });
    assert.equal(r.status, 200);
    assert.equal(issuer.admin.family(t.refresh_token).status, 'revoked');
    const refresh = await postJson(`${issuer.url}/oauth/token`, { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: t.refresh_token });
    assert.equal(refresh.status, 401);
    assert.equal(refresh.body.error.code, 'refresh_token_invalidated');
  });

  it('revokes an access token alone (no client_id), and answers 200 for unknown tokens', async () => {
    const t = await codeFlow(issuer);
    assert.equal((await fetch(`${issuer.url}/userinfo`, { headers: { authorization: `Bearer ${t.access_token}` } })).status, 200);
    const r = await postJson(`${issuer.url}/oauth/revoke`, { token: t.access_token, token_type_hint: 'access_token' });
    assert.equal(r.status, 200);
    assert.equal((await fetch(`${issuer.url}/userinfo`, { headers: { authorization: `Bearer ${t.access_token}` } })).status, 401);
    assert.equal(issuer.admin.family(t.refresh_token).status, 'active');
    assert.equal((await postJson(`${issuer.url}/oauth/revoke`, { token: 'nope' })).status, 200);
    assert.equal((await postJson(`${issuer.url}/oauth/revoke`, {})).status, 400);
  });
});

describe('personal access tokens and whoami', () => {
  it('answers whoami for a valid at- token and 401 once revoked or expired', async () => {
    const pat = issuer.admin.mintPersonalAccessToken({ account: 'gov@example.com' });
    assert.match(pat, /^at-/);
    const url = `${issuer.url}/api/accounts/v1/user-auth-credential/whoami`;
    const r = await fetch(url, { headers: { authorization: `Bearer ${pat}` } });
    assert.equal(r.status, 200);
    const body = (await r.json()) as any;
    assert.deepEqual(Object.keys(body).sort(), ['chatgpt_account_id', 'chatgpt_account_is_fedramp', 'chatgpt_plan_type', 'chatgpt_user_id', 'email']);
    assert.equal(body.email, 'gov@example.com');
    assert.equal(body.chatgpt_account_id, 'ws-gov');
    assert.equal(body.chatgpt_plan_type, 'enterprise');
    assert.equal(body.chatgpt_account_is_fedramp, true);
    issuer.admin.revokePersonalAccessToken(pat);
    assert.equal((await fetch(url, { headers: { authorization: `Bearer ${pat}` } })).status, 401);
    const pat2 = issuer.admin.mintPersonalAccessToken({ account: 'dev@example.com' });
    issuer.admin.expirePersonalAccessToken(pat2);
    assert.equal((await fetch(url, { headers: { authorization: `Bearer ${pat2}` } })).status, 401);
    assert.equal((await fetch(url)).status, 401);
  });
});

describe('device code', () => {
  const usercodeUrl = () => `${issuer.url}/api/accounts/deviceauth/usercode`;
  const pollUrl = () => `${issuer.url}/api/accounts/deviceauth/token`;

  it('pending answers 403, then the approved poll hands out a code the token endpoint redeems', async () => {
    const start = await postJson(usercodeUrl(), { client_id: CLIENT_ID });
    assert.equal(start.status, 200);
    assert.equal(typeof start.body.interval, 'string', 'interval is a JSON string, like the real server');
    assert.equal(start.body.interval, '0');
    assert.match(start.body.user_code, /^[A-Z0-9]{4}-[A-Z0-9]{5}$/);
    const poll = { device_auth_id: start.body.device_auth_id, user_code: start.body.user_code };
    assert.equal((await postJson(pollUrl(), poll)).status, 403);
    const acct = issuer.admin.accounts()[1]!;
    const approve = await postForm(`${issuer.url}/codex/device/decision`, { user_code: start.body.user_code.toLowerCase(), decision: 'allow', account: `${acct.userId} ws-team-beta` });
    assert.equal(approve.status, 200);
    const done = await postJson(pollUrl(), poll);
    assert.equal(done.status, 200);
    assert.deepEqual(Object.keys(done.body).sort(), ['authorization_code', 'code_challenge', 'code_verifier']);
    assert.equal(done.body.code_verifier.length, 86);
    const tokens = await exchangeDeviceCode(issuer.url, done.body);
    assert.equal(tokens.status, 200);
    assert.equal(decodeJwt(tokens.body.id_token)['https://api.openai.com/auth'].chatgpt_account_id, 'ws-team-beta');
    assert.equal((await postJson(pollUrl(), poll)).status, 400, 'a device code answers once');
  });

  it('denied and expired codes stop the polling with a 400', async () => {
    const a = await postJson(usercodeUrl(), { client_id: CLIENT_ID });
    await postForm(`${issuer.url}/codex/device/decision`, { user_code: a.body.user_code, decision: 'deny' });
    const denied = await postJson(pollUrl(), { device_auth_id: a.body.device_auth_id, user_code: a.body.user_code });
    assert.equal(denied.status, 400);
    assert.equal(denied.body.error, 'access_denied');
    const b = await postJson(usercodeUrl(), { client_id: CLIENT_ID });
    assert.equal(issuer.admin.expireDeviceCodes(b.body.user_code), 1);
    const expired = await postJson(pollUrl(), { device_auth_id: b.body.device_auth_id, user_code: b.body.user_code });
    assert.equal(expired.body.error, 'expired_token');
  });

  it('unknown device auth ids answer 404; unknown clients 400', async () => {
    assert.equal((await postJson(pollUrl(), { device_auth_id: 'deviceauth_x', user_code: 'AAAA-BBBBB' })).status, 404);
    assert.equal((await postJson(usercodeUrl(), { client_id: 'app_other' })).status, 400);
  });
});

describe('agent identity', () => {
  it('serves the agent JWKS where clients derive it, and checks the Ed25519 task-registration signature', async () => {
    const { createPrivateKey, sign } = await import('node:crypto');
    const { jwt, agentRuntimeId } = await issuer.admin.mintAgentIdentity({ account: 'team@example.com', workspace: 'ws-team-alpha' });
    const claims = decodeJwt(jwt);
    assert.equal(claims.iss, 'https://chatgpt.com/codex-backend/agent-identity');
    assert.equal(claims.aud, 'codex-app-server');
    assert.equal(claims.account_id, 'ws-team-alpha');
    assert.equal(claims.plan_type, 'team');
    const kid = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid;
    for (const path of ['/backend-api/wham/agent-identities/jwks', '/agent-identities/jwks']) {
      const keys = ((await (await fetch(`${issuer.url}${path}`)).json()) as any).keys;
      assert.deepEqual(keys.map((k: any) => k.kid), [kid], path);
    }
    const oauthKid = ((await (await fetch(`${issuer.url}/.well-known/jwks.json`)).json()) as any).keys[0].kid;
    assert.notEqual(oauthKid, kid, 'agent identities use their own key');
    const key = createPrivateKey({ key: Buffer.from(claims.agent_private_key, 'base64'), format: 'der', type: 'pkcs8' });
    const timestamp = '2026-11-28T12:00:00Z';
    const url = `${issuer.url}/api/accounts/v1/agent/${agentRuntimeId}/task/register`;
    const good = await postJson(url, { timestamp, signature: sign(null, Buffer.from(`${agentRuntimeId}:${timestamp}`), key).toString('base64') });
    assert.equal(good.status, 200);
    assert.match(good.body.task_id, /^task_/);
    const bad = await postJson(url, { timestamp, signature: sign(null, Buffer.from(`${agentRuntimeId}:other`), key).toString('base64') });
    assert.equal(bad.status, 401);
    assert.deepEqual(issuer.admin.agentTasks(agentRuntimeId), [good.body.task_id]);
  });
});
