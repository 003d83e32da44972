// Logout with revoke (codex-auth-spec.md §9.3, §14.5 cases 49–54; observed §3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logoutWithRevoke } from '../../../src/auth/logout.js';
import { REVOKE_TIMEOUT_MS, revokeBestEffort, revokeEndpoint } from '../../../src/auth/revoke.js';
import { CodexAuthError } from '../../../src/errors.js';
import { revokeToken } from '../../../src/oauth/revoke.js';
import { chatgptDoc, fakeFetch, MemoryStore } from '../../helpers/auth-fakes.js';
import { REVOKE_URL, testManager } from '../../helpers/auth-manager.js';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const ENV = { CODEX_REVOKE_TOKEN_URL_OVERRIDE: REVOKE_URL, CODEX_APP_SERVER_LOGIN_CLIENT_ID: 'client-override' };

function cliLogout(store: MemoryStore, fetch: ReturnType<typeof fakeFetch>, warn: string[], timeoutMs?: number) {
  return logoutWithRevoke({
    store,
    revoke: (c) => revokeToken({ fetch: (u, i) => fetch(u, { ...i, signal: c.signal }), url: c.url, token: c.token, kind: c.tokenTypeHint, clientId: c.clientId ?? '' }),
    env: ENV,
    warn: (m) => warn.push(m),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}

describe('logout with revoke (spec §14.5)', () => {
  it('49: revokes the refresh token with the client id, then removes the credentials; returns true', async () => {
    const store = new MemoryStore(chatgptDoc({ refreshToken: 'rt-stored' }));
    let storedDuringRevoke: unknown;
    const fetch = fakeFetch([
      () => {
        storedDuringRevoke = store.doc;
        return { status: 200, body: {} };
      },
    ]);
    const warn: string[] = [];
    assert.equal(await cliLogout(store, fetch, warn), true);
    assert.equal(fetch.requests.length, 1);
    assert.equal(fetch.requests[0]?.url, REVOKE_URL);
    assert.deepEqual(fetch.requests[0]?.body, { token: 'rt-stored', token_type_hint: 'refresh_token', client_id: 'client-override' });
    assert.notEqual(storedDuringRevoke, null, 'revoke happens before delete');
    assert.equal(store.doc, null);
    assert.deepEqual(warn, []);
  });

  it('revokes the access token (no client_id) when the refresh token is empty', async () => {
    const store = new MemoryStore(chatgptDoc({ refreshToken: '', accessToken: 'at-only' }));
    const fetch = fakeFetch([{ status: 200, body: {} }]);
    await cliLogout(store, fetch, []);
    assert.deepEqual(fetch.requests[0]?.body, { token: 'at-only', token_type_hint: 'access_token' });
  });

  it('API keys and nothing stored: no revoke; removed reports what existed', async () => {
    const fetch = fakeFetch([{ status: 200, body: {} }]);
    assert.equal(await cliLogout(new MemoryStore({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-x' }), fetch, []), true);
    assert.equal(await cliLogout(new MemoryStore(null), fetch, []), false);
    assert.equal(fetch.requests.length, 0);
  });

  it('a store that cannot be read is still deleted, with a warning and no revoke', async () => {
    const store = new MemoryStore(chatgptDoc());
    store.failLoad = new CodexAuthError('store.malformed', 'failed to deserialize CLI auth from file: EOF while parsing a value at line 1 column 1');
    const warn: string[] = [];
    const fetch = fakeFetch([{ status: 200, body: {} }]);
    assert.equal(await cliLogout(store, fetch, warn), true);
    assert.equal(fetch.requests.length, 0);
    assert.match(warn[0]!, /could not read the stored credentials before logging out \(failed to deserialize/);
  });

  it('50: with CODEX_ACCESS_TOKEN set, the manager still revokes and removes the stored auth', async () => {
    const t = testManager(chatgptDoc({ refreshToken: 'rt-stored' }), [{ status: 200, body: {} }], {
      env: { CODEX_ACCESS_TOKEN: 'at-env-token' },
      whoami: async () => ({ accountId: 'acct-env', fedramp: false }),
    });
    assert.equal((await t.manager.getAuth())?.mode, 'personalAccessToken');
    assert.equal(await t.manager.logout(), true);
    assert.equal(t.fetch.requests[0]?.body?.token, 'rt-stored');
    assert.equal(t.store.doc, null);
  });

  it('51: revoke answering 500: credentials removed anyway, true, a warning says so', async () => {
    const store = new MemoryStore(chatgptDoc());
    const warn: string[] = [];
    assert.equal(await cliLogout(store, fakeFetch([{ status: 500, body: { error: { message: 'nope' } } }]), warn), true);
    assert.equal(store.doc, null);
    assert.equal(warn.length, 1);
    assert.match(warn[0]!, /^Warning: could not revoke the token on the server \(failed to revoke refresh_token: 500 Internal Server Error: nope\); the local credentials were removed anyway\.$/);
  });

  it('52: the manager revokes its cached refresh token (not a newer one on disk), then clears cache and store', async () => {
    const t = testManager(chatgptDoc({ refreshToken: 'rt-cached', expMs: T0 + 3600_000 }), [{ status: 200, body: {} }]);
    await t.manager.getAuth();
    t.store.doc = chatgptDoc({ refreshToken: 'rt-newer-on-disk', expMs: T0 + 3600_000 });
    assert.equal(await t.manager.logout(), true);
    assert.equal(t.fetch.requests[0]?.body?.token, 'rt-cached');
    assert.equal(t.store.doc, null);
    assert.equal(await t.manager.getAuth(), null);
    assert.deepEqual(t.events.at(-1), ['loggedOut', { removed: true }]);
  });

  it('53: the revoke URL is derived from the refresh override (path /oauth/revoke, query dropped)', () => {
    assert.equal(revokeEndpoint({ CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:1234/oauth/token?unified=true' }, null).url, 'http://127.0.0.1:1234/oauth/revoke');
    assert.equal(revokeEndpoint({ CODEX_REVOKE_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:9/r' }, null).url, 'http://127.0.0.1:9/r');
    assert.equal(revokeEndpoint({}, null).url, 'https://auth.openai.com/oauth/revoke');
  });

  it('54: a hanging revoke server delays logout by at most the timeout (10 s by default); credentials removed', async () => {
    assert.equal(REVOKE_TIMEOUT_MS, 10_000);
    const store = new MemoryStore(chatgptDoc());
    const warn: string[] = [];
    // A revoke that never settles and ignores its signal: the cap must still hold.
    const removed = await logoutWithRevoke({
      store,
      revoke: () => new Promise(() => {}),
      env: ENV,
      warn: (m) => warn.push(m),
      timeoutMs: 50,
    });
    assert.equal(removed, true);
    assert.equal(store.doc, null);
    assert.deepEqual(warn, ['Warning: the token revoke request did not finish within 0.05 s; the local credentials were removed anyway.']);
  });

  it('deletes the ephemeral store as well as the configured one (spec §3.6)', async () => {
    const store = new MemoryStore(null);
    const ephemeral = new MemoryStore({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-eph' }, 'ephemeral');
    const removed = await logoutWithRevoke({ store, ephemeral, revoke: async () => {}, env: ENV, warn: () => {} });
    assert.equal(removed, true);
    assert.equal(ephemeral.doc, null);
  });

  it('a token goes to the issuer it came from (oauth_provenance), never to a third party; the override wins', async () => {
    const X = { issuer: 'http://127.0.0.1:7/', client_id: 'app_from_x' };
    const docX = chatgptDoc({ refreshToken: 'rt-x', provenance: X });
    assert.deepEqual(revokeEndpoint({}, docX), { url: 'http://127.0.0.1:7/oauth/revoke', clientId: 'app_from_x' });
    // The refresh override does not outrank the issuer that actually issued the tokens.
    assert.equal(revokeEndpoint({ CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:8/oauth/token' }, docX).url, 'http://127.0.0.1:7/oauth/revoke');
    assert.equal(revokeEndpoint({ CODEX_REVOKE_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:9/r' }, docX).url, 'http://127.0.0.1:9/r');
    // Through the manager (the library's logout) too.
    const t = testManager(docX, [{ status: 200, body: {} }], { env: {} });
    assert.equal(await t.manager.logout(), true);
    assert.equal(t.fetch.requests[0]?.url, 'http://127.0.0.1:7/oauth/revoke');
    assert.deepEqual(t.fetch.requests[0]?.body, { token: 'rt-x', token_type_hint: 'refresh_token', client_id: 'app_from_x' });
  });

  it('only ChatGPT logins are revoked (the store\'s mode rule: a PAT document with tokens is not)', async () => {
    const fetch = fakeFetch([{ status: 200, body: {} }]);
    const pat = { ...chatgptDoc(), auth_mode: undefined, personal_access_token: 'at-x' } as unknown as Parameters<typeof revokeBestEffort>[1];
    const calls: unknown[] = [];
    assert.equal(await revokeBestEffort({ revoke: async (c) => void calls.push(c), env: ENV, warn: () => {} }, pat), false);
    assert.equal(calls.length, 0);
    assert.equal(fetch.requests.length, 0);
  });

  it('an aborted signal stops a hanging revoke at once, silently', async () => {
    const ac = new AbortController();
    const warn: string[] = [];
    const started = revokeBestEffort({ revoke: () => new Promise(() => {}), env: ENV, warn: (m) => warn.push(m), signal: ac.signal, timeoutMs: 600_000 }, chatgptDoc());
    ac.abort();
    assert.equal(await started, false);
    assert.deepEqual(warn, []);
  });
});
