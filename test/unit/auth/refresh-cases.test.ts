// The reference's refresh cases (codex-auth-spec.md §14.4, 29–48), plus §14.7 cases 62 and 77,
// against an in-memory store and a scripted issuer, through the real oauth/ refresh step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCodexAuthError, type CodexAuthErrorCode } from '../../../src/errors.js';
import { OAUTH } from '../../../src/messages/oauth.js';
import { accessJwt, chatgptDoc, idJwt } from '../../helpers/auth-fakes.js';
import { TOKEN_URL, testManager, tokenResponse } from '../../helpers/auth-manager.js';

const MIN = 60_000;
const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const HOUR_AGO = T0 - 3600_000;

function rejectsWith(code: CodexAuthErrorCode, reason?: string, message?: string) {
  return (e: unknown) => {
    assert.ok(isCodexAuthError(e, code), `expected ${code}, got ${String(e)}`);
    if (reason !== undefined) assert.equal(e.details.reason, reason);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  };
}

describe('refresh (spec §14.4)', () => {
  it('29: refresh from the authority uses CODEX_APP_SERVER_LOGIN_CLIENT_ID, updates store and cache, keeps id_token and account_id', async () => {
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO, lastRefresh: '2026-11-20T00:00:00Z' });
    const newAccess = accessJwt(T0 + 2 * 3600_000, T0);
    const t = testManager(doc, [tokenResponse({ access: newAccess, refresh: 'rt-2' })], {
      env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: TOKEN_URL, CODEX_APP_SERVER_LOGIN_CLIENT_ID: 'app-server-client' },
    });
    const info = await t.manager.refresh();
    assert.equal(t.fetch.requests.length, 1);
    assert.deepEqual(t.fetch.requests[0]?.body, {
      client_id: 'app-server-client',
      grant_type: 'refresh_token',
      refresh_reason: 'forced',
      refresh_token: 'rt-1',
    });
    assert.equal(t.store.doc?.tokens?.access_token, newAccess);
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-2');
    assert.equal(t.store.doc?.tokens?.id_token, doc.tokens?.id_token);
    assert.equal(t.store.doc?.tokens?.account_id, 'acct-1');
    assert.equal(t.store.doc?.last_refresh, '2026-11-28T12:00:00.000000000Z');
    assert.equal(info?.token, newAccess);
    assert.equal((await t.manager.getAuth())?.token, newAccess);
  });

  it('30: guarded refresh with unchanged storage calls the authority and updates', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO }), [tokenResponse({ access: 'access-2', refresh: 'rt-2' })]);
    await t.manager.getAuth();
    await t.manager.refresh();
    assert.equal(t.fetch.requests.length, 1);
    assert.equal(t.store.doc?.tokens?.access_token, 'access-2');
    assert.equal(t.events[0]?.[0], 'refreshed');
  });

  it('31: an access token expiring in 4 minutes is refreshed by getAuth()', async () => {
    const newAccess = accessJwt(T0 + 3600_000, T0);
    const t = testManager(chatgptDoc({ expMs: T0 + 4 * MIN, iatMs: HOUR_AGO }), [tokenResponse({ access: newAccess, refresh: 'rt-2' })]);
    const info = await t.manager.getAuth();
    assert.equal(t.fetch.requests.length, 1);
    assert.equal(t.fetch.requests[0]?.body?.refresh_reason, 'proactive_expiry');
    assert.equal(info?.token, newAccess);
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-2');
  });

  it('31b: the same without iat or last_refresh uses the reference window (300 s)', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 4 * MIN }), [tokenResponse({ access: 'a2' })]);
    await t.manager.getAuth();
    assert.equal(t.fetch.requests.length, 1);
  });

  it('32: an access token expiring in 6 minutes is not refreshed; storage unchanged', async () => {
    const doc = chatgptDoc({ expMs: T0 + 6 * MIN, iatMs: HOUR_AGO });
    const t = testManager(doc, [tokenResponse({ access: 'never' })]);
    const info = await t.manager.getAuth();
    assert.equal(t.fetch.requests.length, 0);
    assert.deepEqual(t.store.doc, doc);
    assert.equal(t.store.saves, 0);
    assert.equal(info?.token, doc.tokens?.access_token);
  });

  it('33: storage changed by another writer: guarded refresh adopts it without a request', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO }), [tokenResponse({ access: 'never' })]);
    await t.manager.getAuth();
    const newer = chatgptDoc({ expMs: T0 + 120 * MIN, iatMs: T0, refreshToken: 'rt-other' });
    t.store.doc = newer;
    const info = await t.manager.refresh();
    assert.equal(t.fetch.requests.length, 0);
    assert.equal(info?.token, newer.tokens?.access_token);
    assert.deepEqual(t.events[0], ['refreshed', { reason: 'forced', outcome: 'adopted', expiresAt: new Date(T0 + 120 * MIN) }]);
  });

  it('34: a different account in storage is a permanent error; no request, storage and cache untouched', async () => {
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO });
    const t = testManager(doc, [tokenResponse({ access: 'never' })]);
    await t.manager.getAuth();
    const other = chatgptDoc({ expMs: T0 + 60 * MIN, accountId: 'acct-other', refreshToken: 'rt-x' });
    t.store.doc = other;
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_permanent', 'other', OAUTH.refreshAccountMismatch));
    assert.equal(t.fetch.requests.length, 0);
    assert.deepEqual(t.store.doc, other);
    assert.equal((await t.manager.getAuth())?.token, doc.tokens?.access_token);
    assert.equal(t.events.filter(([n]) => n === 'reauthRequired').length, 1);
  });

  it('35: a JWT valid for an hour is not refreshed even when last_refresh is 9 days old', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: T0 - 10 * MIN, lastRefresh: new Date(T0 - 9 * DAY).toISOString() }), []);
    await t.manager.getAuth();
    assert.equal(t.fetch.requests.length, 0);
  });

  it('36: a JWT that expired an hour ago is refreshed even though last_refresh is a day old', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 - 60 * MIN, iatMs: T0 - 120 * MIN, lastRefresh: new Date(T0 - DAY).toISOString() }), [
      tokenResponse({ access: 'a2', refresh: 'rt-2' }),
    ]);
    assert.equal((await t.manager.getAuth())?.token, 'a2');
    assert.equal(t.fetch.requests.length, 1);
  });

  /** The store answers `first` to the manager's initial load, then holds `then` (another process wrote it). */
  function writesAfterFirstLoad(t: ReturnType<typeof testManager>, then: ReturnType<typeof chatgptDoc>) {
    const load = t.store.load.bind(t.store);
    let first = true;
    t.store.load = async () => {
      const d = await load();
      if (first) {
        first = false;
        t.store.doc = then;
      }
      return d;
    };
  }

  for (const [n, endpoint] of [
    ['37', tokenResponse({ access: 'never' })],
    ['38', { status: 401, body: { error: { code: 'refresh_token_expired' } } }],
  ] as const) {
    it(`${n}: a non-JWT access token with a 9-day-old last_refresh adopts newer stored tokens; the endpoint (${endpoint.status}) is never called`, async () => {
      const t = testManager(chatgptDoc({ lastRefresh: new Date(T0 - 9 * DAY).toISOString() }), [endpoint]);
      writesAfterFirstLoad(t, chatgptDoc({ accessToken: 'opaque-newer', refreshToken: 'rt-newer', lastRefresh: new Date(T0).toISOString() }));
      const info = await t.manager.getAuth();
      assert.equal(t.fetch.requests.length, 0);
      assert.equal(info?.token, 'opaque-newer');
    });
  }

  it('39: 401 refresh_token_expired is permanent (Expired); storage and cache unchanged', async () => {
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO });
    const t = testManager(doc, [{ status: 401, body: { error: { code: 'refresh_token_expired' } } }]);
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_permanent', 'expired', OAUTH.refreshExpired));
    assert.deepEqual(t.store.doc, doc);
    assert.equal(t.store.saves, 0);
    assert.equal((await t.manager.getAuth())?.token, doc.tokens?.access_token);
  });

  for (const status of [401, 400]) {
    it(`${status === 401 ? 40 : 41}: ${status} refresh_token_reused is Exhausted; the second attempt fails the same way without a request`, async () => {
      const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO }), [{ status, body: { error: { code: 'refresh_token_reused' } } }]);
      await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_permanent', 'exhausted', OAUTH.refreshReused));
      await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_permanent', 'exhausted'));
      assert.equal(t.fetch.requests.length, 1);
    });
  }

  it('42: 400 invalid_grant is permanent (Other) and cached: one request in total', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO }), [{ status: 400, body: { error: 'invalid_grant' } }]);
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_permanent', 'other', OAUTH.refreshOther));
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_permanent', 'other'));
    assert.equal(t.fetch.requests.length, 1);
  });

  it('43: 400 invalid_request is transient both times (two requests)', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO }), [{ status: 400, body: { error: 'invalid_request' } }]);
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_transient'));
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_transient'));
    assert.equal(t.fetch.requests.length, 2);
  });

  it('44: after a permanent failure, new credentials on disk are adopted without a request', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO }), [{ status: 401, body: { error: 'refresh_token_expired' } }]);
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_permanent', 'expired'));
    const fresh = chatgptDoc({ expMs: T0 + 120 * MIN, iatMs: T0, refreshToken: 'rt-relogin' });
    t.store.doc = fresh;
    const info = await t.manager.refresh();
    assert.equal(t.fetch.requests.length, 1);
    assert.equal(info?.token, fresh.tokens?.access_token);
  });

  it('45: 500 is transient with no reason; storage unchanged', async () => {
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO });
    const t = testManager(doc, [{ status: 500, body: { error: { message: 'boom' } } }]);
    await assert.rejects(t.manager.refresh(), (e: unknown) => {
      assert.ok(isCodexAuthError(e, 'oauth.refresh_transient'));
      assert.equal((e.details as { reason?: string }).reason, undefined);
      assert.equal(e.message, 'Failed to refresh token: 500 Internal Server Error: boom');
      return true;
    });
    assert.deepEqual(t.store.doc, doc);
  });

  it('46: 401 recovery: step 1 reloads newer disk tokens without a request, step 2 refreshes, then no more steps', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO }), [tokenResponse({ access: 'a3', refresh: 'rt-3' })]);
    await t.manager.getAuth();
    const newer = chatgptDoc({ expMs: T0 + 90 * MIN, iatMs: T0, refreshToken: 'rt-2' });
    t.store.doc = newer;
    const rec = t.manager.unauthorizedRecovery();
    assert.deepEqual(await rec.next(), { step: 'reload', changed: true });
    assert.equal(t.fetch.requests.length, 0);
    assert.equal((await t.manager.getAuth())?.token, newer.tokens?.access_token);
    assert.deepEqual(await rec.next(), { step: 'refresh_token', changed: true });
    assert.equal(t.fetch.requests.length, 1);
    assert.equal(t.fetch.requests[0]?.body?.refresh_token, 'rt-2');
    assert.equal(t.fetch.requests[0]?.body?.refresh_reason, 'unauthorized_recovery');
    assert.equal((await t.manager.getAuth())?.token, 'a3');
    assert.equal(rec.hasNext(), false);
    await assert.rejects(rec.next(), rejectsWith('auth.no_recovery'));
  });

  it('47: 401 recovery with a different account on disk: permanent Other, no request, cache unchanged', async () => {
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO });
    const t = testManager(doc, [tokenResponse({ access: 'never' })]);
    await t.manager.getAuth();
    t.store.doc = chatgptDoc({ expMs: T0 + 60 * MIN, accountId: 'acct-other' });
    const rec = t.manager.unauthorizedRecovery();
    await assert.rejects(rec.next(), rejectsWith('oauth.refresh_permanent', 'other', OAUTH.refreshAccountMismatch));
    assert.equal(rec.hasNext(), false);
    assert.equal(t.fetch.requests.length, 0);
    assert.equal((await t.manager.getAuth())?.token, doc.tokens?.access_token);
  });

  it('48: 401 recovery for API-key auth has no steps; next() fails with reason Other', async () => {
    const t = testManager({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-test' });
    await t.manager.getAuth();
    const rec = t.manager.unauthorizedRecovery();
    assert.equal(rec.hasNext(), false);
    await assert.rejects(rec.next(), rejectsWith('auth.no_recovery', 'other', 'No more recovery steps available.'));
  });
});

describe('refresh persistence (spec §10.3, §14.7; observed §4)', () => {
  it('62: a response without id_token keeps the old id_token and updates access/refresh', async () => {
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO });
    const t = testManager(doc, [tokenResponse({ access: 'a2', refresh: 'rt-2' })]);
    await t.manager.refresh();
    assert.equal(t.store.doc?.tokens?.id_token, doc.tokens?.id_token);
    assert.equal(t.store.doc?.tokens?.access_token, 'a2');
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-2');
  });

  it('a new id_token replaces the old; one that does not decode fails and stores nothing', async () => {
    const newId = idJwt({ accountId: 'acct-1', plan: 'plus' });
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO });
    const t = testManager(doc, [tokenResponse({ access: 'a2', id: newId }), tokenResponse({ access: 'a3', id: 'not-a-jwt' })]);
    assert.equal((await t.manager.refresh())?.planType, 'plus');
    assert.equal(t.store.doc?.tokens?.id_token, newId);
    const before = structuredClone(t.store.doc);
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.invalid_id_token'));
    assert.deepEqual(t.store.doc, before);
  });

  it('keeps login_owner_id, account_id and unknown fields; keeps oauth_provenance when the refresh went to its issuer', async () => {
    const prov = { issuer: 'http://127.0.0.1:9', client_id: 'prov-client' };
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO, provenance: prov });
    doc.tokens!.login_owner_id = 'owner-xyz';
    doc['x_unknown'] = { kept: true };
    const t = testManager(doc, [tokenResponse({ access: 'a2', refresh: 'rt-2' })], { env: {} });
    await t.manager.refresh();
    assert.equal(t.fetch.requests[0]?.url, 'http://127.0.0.1:9/oauth/token');
    assert.equal(t.fetch.requests[0]?.body?.client_id, 'prov-client');
    assert.deepEqual(t.store.doc?.tokens?.oauth_provenance, prov);
    assert.equal(t.store.doc?.tokens?.login_owner_id, 'owner-xyz');
    assert.equal(t.store.doc?.tokens?.account_id, 'acct-1');
    assert.deepEqual(t.store.doc?.['x_unknown'], { kept: true });
  });

  it('drops oauth_provenance when an override sends the refresh elsewhere (as 0.169.0 does)', async () => {
    const doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO, provenance: { issuer: 'http://localhost:9', client_id: 'c' } });
    const t = testManager(doc, [tokenResponse({ access: 'a2' })]);
    await t.manager.refresh();
    assert.equal(t.fetch.requests[0]?.url, TOKEN_URL);
    assert.equal(t.store.doc?.tokens?.oauth_provenance, undefined);
  });

  it('77: a permanent failure applies only to the identical snapshot', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO }), [
      { status: 401, body: { error: 'refresh_token_invalidated' } },
      tokenResponse({ access: 'a-after', refresh: 'rt-after' }),
    ]);
    await assert.rejects(t.manager.refresh(), rejectsWith('oauth.refresh_permanent', 'revoked', OAUTH.refreshRevoked));
    // Same account, new tokens (signed in again elsewhere): adopted; a later refresh hits the network.
    t.store.doc = chatgptDoc({ expMs: T0 + 60 * MIN, iatMs: HOUR_AGO, refreshToken: 'rt-new', accessToken: 'access-new' });
    assert.equal((await t.manager.refresh())?.token, 'access-new');
    assert.equal((await t.manager.refresh())?.token, 'a-after');
    assert.equal(t.fetch.requests.length, 2);
  });
});
