// Refresh-token rotation: every refresh token is single use; reuse revokes the whole family;
// expired and revoked tokens answer with the OpenAI error codes the Codex CLI classifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningIssuer } from '../../../src/issuer/index.js';
import { CLIENT_ID, startTestIssuer, decodeJwt, postForm, postJson } from '../../helpers/issuer.js';

let issuer: RunningIssuer;
let clock = Date.parse('2026-11-28T12:00:00Z');
before(async () => {
  issuer = await startTestIssuer({ now: () => clock, refreshTokenTtlSeconds: 3600 });
});
after(() => issuer.close());

const refresh = (token: string, extra: Record<string, string> = {}) =>
  postJson(`${issuer.url}/oauth/token`, { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_reason: 'proactive_expiry', refresh_token: token, ...extra });

describe('refresh_token grant', () => {
  it('rotates: new tokens, a new refresh token, same family, claims kept', async () => {
    const minted = await issuer.admin.mintTokens({ account: 'team@example.com', workspace: 'ws-team-beta', accessTokenTtlSeconds: 120 });
    assert.equal(decodeJwt(minted.access_token).exp - decodeJwt(minted.access_token).iat, 120);
    const r = await refresh(minted.refresh_token);
    assert.equal(r.status, 200);
    assert.notEqual(r.body.refresh_token, minted.refresh_token);
    assert.ok(r.body.id_token && r.body.access_token);
    const access = decodeJwt(r.body.access_token);
    assert.equal(access.exp - access.iat, 3600, 'rotated tokens get the default lifetime, well above 300 s');
    assert.equal(access['https://api.openai.com/auth'].chatgpt_account_id, 'ws-team-beta');
    const fam = issuer.admin.family(minted.family_id);
    assert.equal(fam.status, 'active');
    assert.equal(fam.refreshCount, 1);
    assert.deepEqual(fam.refreshTokens.map((t) => t.status), ['used', 'active']);
    assert.equal(issuer.admin.family(r.body.refresh_token).id, minted.family_id);
  });

  it('accepts a form body as well as JSON', async () => {
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    const r = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: minted.refresh_token });
    assert.equal(r.status, 200);
    assert.match(r.body.refresh_token, /^rt_/);
  });

  it('a reused refresh token answers 401 refresh_token_reused and revokes the family', async () => {
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    const first = await refresh(minted.refresh_token);
    assert.equal(first.status, 200);
    const reused = await refresh(minted.refresh_token);
    assert.equal(reused.status, 401);
    assert.equal(reused.body.error.code, 'refresh_token_reused');
    assert.match(reused.body.error.message, /already been used/);
    assert.equal(issuer.admin.family(minted.family_id).status, 'revoked');
    assert.equal(issuer.admin.family(minted.family_id).revokedReason, 'refresh_token_reused');
    // The rotated token, never used, is now dead too.
    const rotated = await refresh(first.body.refresh_token);
    assert.equal(rotated.status, 401);
    assert.equal(rotated.body.error.code, 'refresh_token_invalidated');
    // Its access tokens are revoked as well.
    assert.equal((await fetch(`${issuer.url}/userinfo`, { headers: { authorization: `Bearer ${first.body.access_token}` } })).status, 401);
  });

  it('an expired refresh token answers 401 refresh_token_expired', async () => {
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    issuer.admin.expireRefreshToken(minted.refresh_token);
    const r = await refresh(minted.refresh_token);
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'refresh_token_expired');
  });

  it('refresh tokens expire with the clock', async () => {
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    clock += 3601 * 1000;
    const r = await refresh(minted.refresh_token);
    assert.equal(r.body.error.code, 'refresh_token_expired');
  });

  it('a family revoked by the admin answers refresh_token_invalidated', async () => {
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    issuer.admin.revokeFamily(minted.family_id);
    const r = await refresh(minted.refresh_token);
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'refresh_token_invalidated');
  });

  it('unknown tokens, missing fields and other clients are refused with OAuth errors', async () => {
    assert.equal((await refresh('rt_unknown')).body.error, 'invalid_grant');
    const missing = await postJson(`${issuer.url}/oauth/token`, { grant_type: 'refresh_token', client_id: CLIENT_ID });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error, 'invalid_request');
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    const noClient = await postJson(`${issuer.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: minted.refresh_token });
    assert.equal(noClient.body.error, 'invalid_request');
    const other = await refresh(minted.refresh_token, { client_id: 'app_unknown' });
    assert.equal(other.status, 401);
    assert.equal(other.body.error, 'invalid_client');
    assert.equal(issuer.admin.family(minted.family_id).status, 'active', 'refused attempts do not consume the token');
  });

  it('the request log keeps refresh_reason but never the token itself', async () => {
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    issuer.admin.clearRequests();
    await refresh(minted.refresh_token);
    const [entry] = issuer.admin.requests({ path: '/oauth/token' });
    assert.equal(entry!.body!.refresh_reason, 'proactive_expiry');
    assert.equal(entry!.outcome, 'rotated');
    assert.match(String(entry!.body!.refresh_token), /^<redacted:[0-9a-f]{8}>$/);
    assert.doesNotMatch(JSON.stringify(issuer.admin.requests()), new RegExp(minted.refresh_token));
  });
});
