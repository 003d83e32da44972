// The refresh coordinator: single flight in process, spend only if the stored token is still the
// one that expired, adopt the winner's token after refresh_token_reused, never loop on tokens
// whose whole lifetime is inside the proactive window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCodexAuthError } from '../../../src/errors.js';
import { RefreshCoordinator } from '../../../src/auth/refresh-coordinator.js';
import { proactiveWindowMs, shouldRefreshProactively } from '../../../src/auth/refresh-policy.js';
import type { WithLock } from '../../../src/auth/refresh-types.js';
import { accessJwt, chatgptDoc, manualClock, MemoryStore, memoryLock } from '../../helpers/auth-fakes.js';
import { testManager, tokenResponse } from '../../helpers/auth-manager.js';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const HOUR = 3600_000;

describe('refresh coordinator', () => {
  it('50 concurrent getAuth() callers make exactly one refresh request and all get the new token', async () => {
    const newAccess = accessJwt(T0 + HOUR, T0);
    const t = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [
      async () => {
        await new Promise((r) => setTimeout(r, 20));
        return tokenResponse({ access: newAccess, refresh: 'rt-2' });
      },
    ]);
    const results = await Promise.all(Array.from({ length: 50 }, () => t.manager.getAuth()));
    assert.equal(t.fetch.requests.length, 1);
    assert.ok(results.every((r) => r?.token === newAccess));
    assert.equal(t.store.saves, 1);
    assert.equal(t.events.filter(([n]) => n === 'refreshed').length, 1);
  });

  it('two managers sharing one store and lock (two "processes"): one request, the second adopts', async () => {
    const clock = manualClock(T0);
    const a = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [tokenResponse({ access: 'a-new', refresh: 'rt-2' })]);
    const b = testManager(null, [tokenResponse({ access: 'b-new', refresh: 'rt-3' })], { store: a.store, withLock: a.lock, now: clock.now });
    const [ra, rb] = await Promise.all([a.manager.getAuth(), b.manager.getAuth()]);
    assert.equal(a.fetch.requests.length + b.fetch.requests.length, 1);
    assert.equal(ra?.token, rb?.token);
    assert.equal(a.store.saves, 1);
  });

  it('takes our refresh lock around the refresh and waits on the official commit lock before re-reading', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [tokenResponse({ access: 'x' })]);
    await t.manager.getAuth();
    assert.deepEqual(t.lock.acquired, ['/codex-home/auth.refresh.lock', '/codex-home/auth.lock']);
  });

  it('after refresh_token_reused, waits for the winner (the official binary) to commit and adopts its token', async () => {
    const clock = manualClock(T0);
    const store = new MemoryStore(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }));
    const winner = chatgptDoc({ expMs: T0 + HOUR, iatMs: T0, refreshToken: 'rt-winner', accessToken: 'access-winner' });
    let loadsAfterReuse = 0;
    let reused = false;
    const load = store.load.bind(store);
    store.load = async () => {
      if (reused && ++loadsAfterReuse === 3) store.doc = structuredClone(winner); // commits a little later
      return load();
    };
    const c = new RefreshCoordinator({
      store,
      withLock: memoryLock(),
      refreshLockPath: 'r.lock',
      commitLockPath: 'c.lock',
      endpoint: () => ({ url: 'u', clientId: 'c' }),
      now: clock.now,
      sleep: async (ms) => clock.advance(ms),
      refreshTokens: async () => {
        reused = true;
        const { classifyRefreshFailure } = await import('../../../src/oauth/refresh.js');
        throw classifyRefreshFailure(401, JSON.stringify({ error: { code: 'refresh_token_reused' } }));
      },
    });
    const outcome = await c.refresh({ snapshot: (await load())!, reason: 'proactive_expiry' });
    assert.equal(outcome.kind, 'adopted-after-reuse');
    assert.equal(outcome.doc.tokens?.access_token, 'access-winner');
    assert.equal(store.saves, 0);
  });

  it('after refresh_token_reused with no winner in sight, fails as Exhausted within the grace period', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [{ status: 401, body: { error: { code: 'refresh_token_reused' } } }]);
    const start = t.clock.now();
    await assert.rejects(t.manager.refresh(), (e: unknown) => isCodexAuthError(e, 'oauth.refresh_permanent') && e.details.reason === 'exhausted');
    assert.ok(t.clock.now() - start >= 3000, 'looked for a winner for the grace period');
  });

  it('a failed proactive refresh keeps serving a still-valid token, and rejects once it has expired', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [{ status: 500, body: 'down' }]);
    const info = await t.manager.getAuth();
    assert.ok(info?.token);
    assert.equal(t.warnings.length, 1);
    assert.match(t.warnings[0]!, /^Failed to refresh token: 500 Internal Server Error: down$/);
    // Within the cooldown no new request for this generation.
    await t.manager.getAuth();
    assert.equal(t.fetch.requests.length, 1);
    t.clock.advance(120_000);
    await assert.rejects(t.manager.getAuth(), (e: unknown) => isCodexAuthError(e, 'oauth.refresh_transient'));
    assert.equal(t.fetch.requests.length, 2);
  });

  it('AbortSignal: an aborted caller stops waiting; the shared refresh still completes for the others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const t = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [
      async () => {
        await gate;
        return tokenResponse({ access: 'after-abort', refresh: 'rt-2' });
      },
    ]);
    const ac = new AbortController();
    const aborted = t.manager.getAuth({ signal: ac.signal });
    const other = t.manager.getAuth();
    await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    await assert.rejects(aborted, (e: unknown) => isCodexAuthError(e, 'auth.aborted'));
    release();
    assert.equal((await other)?.token, 'after-abort');
    assert.equal(t.fetch.requests.length, 1);
  });
});

describe('refresh policy: never a refresh loop', () => {
  it('is the reference rule (exp within 300 s) for tokens that live 10 minutes or more', () => {
    const t = { expiresAt: T0 + 299_000, issuedAt: T0 - HOUR };
    assert.equal(shouldRefreshProactively(t, T0), true);
    assert.equal(shouldRefreshProactively({ ...t, expiresAt: T0 + 301_000 }, T0), false);
    assert.equal(proactiveWindowMs({ expiresAt: T0 + 600_000, issuedAt: T0 }), 300_000);
  });

  it('a fresh token whose whole lifetime is inside the window is not due when it arrives', () => {
    // 0.169.0 refreshes such a token at once, and again, ~50 times a second (observed §4).
    for (const lifetime of [60_000, 120_000, 299_000, 300_000, 301_000]) {
      const t = { expiresAt: T0 + lifetime, issuedAt: T0 };
      assert.equal(shouldRefreshProactively(t, T0), false, `lifetime ${lifetime}`);
      assert.equal(shouldRefreshProactively(t, T0 + lifetime / 2), true, `half-way through ${lifetime}`);
    }
  });

  it('a manager refreshes each short-lived generation once, half-way through its life', async () => {
    let n = 0;
    const t = testManager(chatgptDoc({ expMs: T0 + 120_000, iatMs: T0 - 60_000 }), [
      () => {
        n++;
        const now = T0 + n * 60_000;
        return tokenResponse({ access: accessJwt(now + 120_000, now), refresh: `rt-${n + 1}` });
      },
    ]);
    // A storm of calls over 3 minutes of (fake) time: one refresh per generation.
    for (let i = 0; i < 180; i++) {
      await Promise.all([t.manager.getAuth(), t.manager.getAuth()]);
      t.clock.advance(1000);
    }
    assert.ok(t.fetch.requests.length <= 4, `made ${t.fetch.requests.length} requests`);
    assert.ok(t.fetch.requests.length >= 2);
  });
});

describe('the official commit lock', () => {
  it('a commit lock that stays busy does not fail the refresh (waiting on it is best effort)', async () => {
    const base = memoryLock();
    const busyCommit = (async (path: string, fn: () => Promise<unknown>, o: { timeoutMs: number }) => {
      if (path.endsWith('auth.lock')) throw new Error(`lock ${path} busy for ${o.timeoutMs} ms`);
      return base(path, fn as () => Promise<unknown>, o);
    }) as unknown as WithLock;
    const t = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [tokenResponse({ access: 'after-busy', refresh: 'rt-2' })], { withLock: busyCommit });
    assert.equal((await t.manager.getAuth())?.token, 'after-busy');
    assert.equal(t.fetch.requests.length, 1);
  });
});
