// manager.fetch()'s request signing: auth headers over the caller's (case-insensitively, whatever
// form the caller's headers take), signed headers following every change of credentials, the
// proactive refresh still done before a request once it is due, and abort / non-replayable bodies.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { withAuthHeaders } from '../../../src/auth/fetch.js';
import { refreshDueAt, shouldRefreshProactively, type TokenTimes } from '../../../src/auth/refresh-policy.js';
import { CodexAuthError, isCodexAuthError } from '../../../src/errors.js';
import { accessJwt, chatgptDoc, jwt } from '../../helpers/auth-fakes.js';
import { testManager, TOKEN_URL, tokenResponse } from '../../helpers/auth-manager.js';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const AUTH = { Authorization: 'Bearer tok', 'ChatGPT-Account-ID': 'acct-1' };

/**
 * What manager.fetch() always sent: the caller's headers through `new Headers`, auth's set over
 * them, as fetch reads that (undici copies a Headers it did not make, as `new Headers(h)` does).
 */
function reference(given: RequestInit['headers'], auth: Record<string, string>): Array<[string, string]> {
  const h = new Headers(given);
  for (const [k, v] of Object.entries(auth)) h.set(k, v);
  return [...new Headers(h)];
}

/** Either the header list fetch would send, or the error's class. */
function outcome(f: () => Array<[string, string]>): Array<[string, string]> | string {
  try {
    return f();
  } catch (e) {
    return `throws ${(e as Error).constructor.name}`;
  }
}

describe('withAuthHeaders', () => {
  const names = ['authorization', 'Authorization', 'AUTHORIZATION', 'chatgpt-account-id', 'ChatGPT-Account-Id', 'x-mine', 'X-Mine', 'content-type', '__proto__', 'bad name', 'a:b', 'é'];
  const values = fc.oneof(
    fc.constantFrom('1', ' padded\t', 'x\n', '\r\nlead', 'é', '\u0100', 'a\u0000b', '', 'a, b', 'Bearer mine'),
    fc.string({ maxLength: 6 }),
  );
  const pairs = fc.array(fc.tuple(fc.constantFrom(...names), values), { maxLength: 6 });
  const auths = fc.constantFrom<Record<string, string>>(AUTH, {}, { Authorization: 'Bearer ok' }, { Authorization: 'Bearer bad\u0100' }, { 'bad name': 'x' });

  it('sends exactly what new Headers(caller) + set(auth) sent, or throws the same TypeError, for every form of caller headers', () => {
    fc.assert(
      fc.property(pairs, auths, fc.constantFrom('record', 'null-proto', 'Headers', 'pairs', 'none'), (list, auth, form) => {
        let given: RequestInit['headers'];
        if (form === 'record') given = Object.fromEntries(list);
        else if (form === 'null-proto') given = Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(list));
        else if (form === 'pairs') given = list;
        else if (form === 'Headers') {
          const ok = outcome(() => [...new Headers(list)]);
          if (typeof ok === 'string') return; // not constructible: nothing to pass
          given = new Headers(list);
        }
        const expected = outcome(() => reference(given, auth));
        const actual = outcome(() => [...new Headers(withAuthHeaders(given === undefined ? {} : { headers: given }, auth))]);
        assert.deepEqual(actual, expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a fresh plain record when the caller passes none or a plain record; null still throws like new Headers(null)', () => {
    const a = withAuthHeaders({}, AUTH);
    const b = withAuthHeaders(undefined, AUTH);
    assert.ok(!(a instanceof Headers));
    assert.notEqual(a, b);
    assert.deepEqual({ ...a }, AUTH);
    const merged = withAuthHeaders({ headers: { authorization: 'Bearer mine', 'CHATGPT-ACCOUNT-ID': 'other', 'x-mine': '1' } }, AUTH);
    assert.ok(!(merged instanceof Headers));
    assert.deepEqual({ ...merged }, { 'x-mine': '1', ...AUTH });
    assert.ok(withAuthHeaders({ headers: [['x', '1']] }, AUTH) instanceof Headers);
    assert.throws(() => withAuthHeaders({ headers: null as never }, AUTH), TypeError);
  });
});

describe('refreshDueAt', () => {
  const time = fc.integer({ min: 0, max: 4_000_000_000_000 });
  const times = fc.record({ expiresAt: fc.option(time, { nil: undefined }), issuedAt: fc.option(time, { nil: undefined }), lastRefresh: fc.option(time, { nil: undefined }) });

  it('no proactive refresh is due before it; with an exp, one is due from it on', () => {
    fc.assert(
      fc.property(times, time, (raw, now) => {
        const t = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as TokenTimes;
        const at = refreshDueAt(t);
        if (now < at) assert.equal(shouldRefreshProactively(t, now), false);
        if (t.expiresAt !== undefined) assert.equal(shouldRefreshProactively(t, now), now >= at);
        else if (now > at) assert.equal(shouldRefreshProactively(t, now), true);
        // Probe the boundary itself too.
        if (Number.isFinite(at)) {
          assert.equal(shouldRefreshProactively(t, at - 1), false);
          if (t.expiresAt !== undefined) assert.equal(shouldRefreshProactively(t, at), true);
          else assert.equal(shouldRefreshProactively(t, at + 1), true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('manager.fetch() signing', () => {
  const URL_ = 'http://127.0.0.1:9/backend-api/thing';

  it('auth headers win over the caller’s whatever their case or form (record, Headers, pairs); the rest are kept', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 3600_000, iatMs: T0, accessToken: 'access-1' }), [{ status: 200, body: {} }]);
    const forms: RequestInit['headers'][] = [
      { AUTHORIZATION: 'Bearer mine', 'chatgpt-account-id': 'other', 'X-Mine': '1' },
      new Headers({ authorization: 'Bearer mine', 'ChatGPT-Account-Id': 'other', 'x-mine': '1' }),
      [['Authorization', 'Bearer mine'], ['x-mine', '1'], ['CHATGPT-ACCOUNT-ID', 'other']],
    ];
    for (const headers of forms) await t.manager.fetch(URL_, { headers });
    assert.equal(t.fetch.requests.length, 3);
    for (const r of t.fetch.requests) {
      assert.deepEqual(r.headers, { authorization: 'Bearer access-1', 'chatgpt-account-id': 'acct-1', 'x-mine': '1' });
    }
  });

  it('a fetch that changes the headers it was given does not change the next request', async () => {
    const seen: Array<Record<string, string>> = [];
    const fetch = async (_u: string | URL, init: RequestInit = {}) => {
      const h = init.headers as Record<string, string>;
      seen.push({ ...h });
      h['Authorization'] = 'Bearer changed';
      h['x-added'] = '1';
      return new Response('{}', { status: 200 });
    };
    const m = testManager({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-1' }, [], { fetch }).manager;
    await m.fetch(URL_);
    await m.fetch(URL_);
    assert.deepEqual(seen, [{ Authorization: 'Bearer sk-1' }, { Authorization: 'Bearer sk-1' }]);
  });

  it('an API key’s organization/project headers follow the env; new credentials after reload() are sent at once', async () => {
    const env: Record<string, string | undefined> = {};
    const t = testManager({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-1' }, [{ status: 200, body: {} }], { env });
    await t.manager.fetch(URL_);
    env['OPENAI_ORGANIZATION'] = 'org-1';
    await t.manager.fetch(URL_);
    env['OPENAI_PROJECT'] = 'proj-1';
    delete env['OPENAI_ORGANIZATION'];
    await t.manager.fetch(URL_);
    t.store.doc = { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-2' };
    await t.manager.fetch(URL_);
    await t.manager.reload();
    await t.manager.fetch(URL_);
    assert.deepEqual(
      t.fetch.requests.map((r) => r.headers),
      [
        { authorization: 'Bearer sk-1' },
        { authorization: 'Bearer sk-1', 'openai-organization': 'org-1' },
        { authorization: 'Bearer sk-1', 'openai-project': 'proj-1' },
        { authorization: 'Bearer sk-1', 'openai-project': 'proj-1' },
        { authorization: 'Bearer sk-2', 'openai-project': 'proj-1' },
      ],
    );
  });

  it('once the access token enters its proactive window, the next request refreshes first and signs with the new token', async () => {
    const fresh = accessJwt(T0 + 7200_000, T0 + 3300_000);
    const t = testManager(chatgptDoc({ expMs: T0 + 3600_000, iatMs: T0 - 3600_000 }), [
      (req) => (req.url === TOKEN_URL ? tokenResponse({ access: fresh, refresh: 'rt-2' }) : { status: 200, body: {} }),
    ]);
    const first = t.store.doc?.tokens?.access_token as string;
    await t.manager.fetch(URL_);
    t.clock.set(T0 + 3600_000 - 300_000 - 1); // one ms before the window opens
    await t.manager.fetch(URL_);
    t.clock.set(T0 + 3600_000 - 300_000); // the window is open
    await t.manager.fetch(URL_);
    await t.manager.fetch(URL_);
    const auths = t.fetch.requests.map((r) => r.headers['authorization'] ?? `(refresh ${String(r.body?.['refresh_reason'])})`);
    assert.deepEqual(auths, [`Bearer ${first}`, `Bearer ${first}`, '(refresh proactive_expiry)', `Bearer ${fresh}`, `Bearer ${fresh}`]);
  });

  it('with a refreshed generation whose save failed, manager.fetch() retries the save as getAuth() does (at most once a second)', async () => {
    const newAccess = accessJwt(T0 + 3600_000, T0);
    const t = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - 3600_000 }), [
      (req) => (req.url === TOKEN_URL ? tokenResponse({ access: newAccess, refresh: 'rt-2' }) : { status: 200, body: {} }),
    ]);
    t.store.failSave = new CodexAuthError('store.read_only', 'credential file is read-only');
    await t.manager.fetch(URL_); // refreshes first; the save fails; the new token is sent anyway
    const saves = t.store.saves;
    await t.manager.fetch(URL_); // within a second: no new attempt
    assert.equal(t.store.saves, saves);
    t.store.failSave = undefined;
    t.clock.advance(1_000);
    await t.manager.fetch(URL_);
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-2');
    const sent = t.fetch.requests.filter((r) => r.url === URL_).map((r) => r.headers['authorization']);
    assert.deepEqual(sent, [`Bearer ${newAccess}`, `Bearer ${newAccess}`, `Bearer ${newAccess}`]);
  });

  it('an abort signal stops loading credentials; with valid ones loaded it reaches fetch (which rejects); one waiting on a refresh is released', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 3600_000, iatMs: T0 }), [{ status: 200, body: {} }]);
    // Not loaded yet: loading them is what the signal stops.
    await assert.rejects(t.manager.fetch(URL_, { signal: AbortSignal.abort() }), (e: unknown) => isCodexAuthError(e, 'auth.aborted'));
    await t.manager.getAuth();
    await assert.rejects(t.manager.fetch(URL_, { signal: AbortSignal.abort() }), (e: unknown) => (e as Error).name === 'AbortError');
    assert.equal(t.fetch.requests.length, 0);
    const due = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - 3600_000 }), [() => new Promise(() => {})]);
    const ctl = new AbortController();
    const pending = due.manager.fetch(URL_, { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 10);
    await assert.rejects(pending, (e: unknown) => isCodexAuthError(e, 'auth.aborted'));
    assert.equal(due.fetch.requests.length, 1); // the refresh only: the request itself was never sent
    assert.equal(due.fetch.requests[0]?.body?.['grant_type'], 'refresh_token');
  });

  it('a 401 to a request with a stream body is returned as is: no recovery, no retry', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 3600_000, iatMs: T0 }), [{ status: 401, body: {} }]);
    const body = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('x')), c.close()) });
    const res = await t.manager.fetch(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 401);
    assert.equal(t.fetch.requests.length, 1);
    assert.equal(t.store.loads, 1); // the initial load only: recovery would have reloaded
  });

  it('Agent Identity signs every request afresh (the assertion carries the time)', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const token = jwt({ iss: 'https://chatgpt.com/codex-backend/agent-identity', aud: 'codex-app-server', iat: 1, exp: 9999999999, agent_runtime_id: 'rt-1', agent_private_key: pkcs8, account_id: 'ws-1', chatgpt_user_id: 'u', plan_type: 'enterprise', chatgpt_account_is_fedramp: false });
    const t = testManager(null, [{ status: 200, body: {} }], {
      env: { CODEX_ACCESS_TOKEN: token },
      registerAgentTask: async () => 'task-1',
    });
    await t.manager.fetch(URL_);
    t.clock.advance(5_000);
    await t.manager.fetch(URL_);
    const stamps = t.fetch.requests.map((r) => JSON.parse(Buffer.from((r.headers['authorization'] ?? '').slice('AgentAssertion '.length), 'base64url').toString()).timestamp);
    assert.deepEqual(stamps, ['2026-11-28T12:00:00Z', '2026-11-28T12:00:05Z']);
  });
});
