// Builds an AuthManager for unit tests: in-memory store, in-process lock, manual clock, and the
// real oauth/ refresh + revoke steps over a scripted fetch.
import { refreshEndpointFor } from '../../src/auth/endpoints.js';
import { AuthManager, type AuthManagerDeps } from '../../src/auth/manager.js';
import { refreshTokens } from '../../src/oauth/refresh.js';
import { revokeToken } from '../../src/oauth/revoke.js';
import type { AuthDotJson } from '../../src/store/types.js';
import { fakeFetch, manualClock, MemoryStore, memoryLock } from './auth-fakes.js';

export const TOKEN_URL = 'http://127.0.0.1:9/oauth/token';
export const REVOKE_URL = 'http://127.0.0.1:9/oauth/revoke';

export function testManager(
  doc: AuthDotJson | null,
  fetchResponses: Parameters<typeof fakeFetch>[0] = [],
  overrides: Partial<AuthManagerDeps> = {},
) {
  const store = new MemoryStore(doc);
  const fetch = fakeFetch(fetchResponses);
  const clock = manualClock();
  const lock = memoryLock();
  const warnings: string[] = [];
  const env = overrides.env ?? { CODEX_REFRESH_TOKEN_URL_OVERRIDE: TOKEN_URL };
  const deps: AuthManagerDeps = {
    env,
    now: clock.now,
    store,
    fetch,
    withLock: lock,
    refreshLockPath: '/codex-home/auth.refresh.lock',
    commitLockPath: '/codex-home/auth.lock',
    refreshTokens: (c) =>
      refreshTokens({
        fetch: (u, i) => fetch(u, { ...i, signal: c.signal }),
        url: c.url,
        clientId: c.clientId,
        refreshToken: c.refreshToken,
        refreshReason: c.reason,
      }),
    refreshEndpoint: refreshEndpointFor(env),
    revoke: (c) => revokeToken({ fetch: (u, i) => fetch(u, { ...i, signal: c.signal }), url: c.url, token: c.token, kind: c.tokenTypeHint, clientId: c.clientId ?? '' }),
    warn: (m) => warnings.push(m),
    sleep: async (ms) => clock.advance(ms),
    ...overrides,
  };
  const manager = new AuthManager(deps);
  const events: Array<[string, unknown]> = [];
  manager.on('refreshed', (e) => events.push(['refreshed', e]));
  manager.on('loggedOut', (e) => events.push(['loggedOut', e]));
  manager.on('reauthRequired', (e) => events.push(['reauthRequired', e]));
  return { manager, store, fetch, clock, lock, warnings, events, deps };
}

/** A successful refresh answer. */
export function tokenResponse(o: { access: string; refresh?: string; id?: string }) {
  return {
    status: 200,
    body: { access_token: o.access, ...(o.refresh ? { refresh_token: o.refresh } : {}), ...(o.id ? { id_token: o.id } : {}) },
  };
}
