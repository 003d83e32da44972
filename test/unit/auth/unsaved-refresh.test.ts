// A save that fails right after a successful refresh (the stored refresh token is spent by then):
// the manager keeps the new generation in memory, serves it, says so once, and saves it later —
// under the refresh lock and only over the document it refreshed from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SpentNote } from '../../../src/auth/spent-note.js';
import { CodexAuthError, isCodexAuthError } from '../../../src/errors.js';
import { accessJwt, chatgptDoc } from '../../helpers/auth-fakes.js';
import { testManager, tokenResponse } from '../../helpers/auth-manager.js';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const HOUR = 3600_000;
const readOnly = () => new CodexAuthError('store.read_only', 'credential file is read-only (/h/auth.json; make it writable, e.g. chmod 600 /h/auth.json, or delete it)');

/** A manager whose stored token is due, whose issuer answers with rt-2 (then rt-3), and whose store refuses saves. */
function failingSetup() {
  const newAccess = accessJwt(T0 + HOUR, T0);
  const t = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [
    tokenResponse({ access: newAccess, refresh: 'rt-2' }),
    tokenResponse({ access: accessJwt(T0 + 2 * HOUR, T0), refresh: 'rt-3' }),
  ]);
  t.store.failSave = readOnly();
  return { t, newAccess };
}

describe('a failed save after a successful refresh', () => {
  it('keeps serving the new token from memory, warns once (one line, no secret), and reports it on the event', async () => {
    const { t, newAccess } = failingSetup();
    const info = await t.manager.getAuth();
    assert.equal(info?.token, newAccess);
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-1', 'nothing was written');
    assert.equal((await t.manager.getAuth())?.token, newAccess);
    assert.deepEqual((await t.manager.headers())['Authorization'], `Bearer ${newAccess}`);
    assert.equal(t.fetch.requests.length, 1, 'the new generation is not due: no second refresh');
    assert.equal(t.warnings.length, 1, t.warnings.join('\n'));
    assert.match(t.warnings[0]!, /^Warning: the token was refreshed but could not be saved \(credential file is read-only \(\/h\/auth\.json; .*\); this process keeps using the new token and will try to save it again\.$/);
    assert.doesNotMatch(t.warnings[0]!, /rt-1|rt-2|\n/);
    const [, event] = t.events.find(([n]) => n === 'refreshed')!;
    const saveError = (event as { saveError?: unknown }).saveError;
    assert.ok(isCodexAuthError(saveError, 'auth.refresh_not_saved'));
    assert.equal(saveError.details['storeCode'], 'store.read_only');
  });

  it('saves the held generation on a later getAuth() once the store works again (at most once a second), without a request', async () => {
    const { t, newAccess } = failingSetup();
    await t.manager.getAuth();
    const saves = t.store.saves;
    await t.manager.getAuth(); // within a second: no new attempt
    assert.equal(t.store.saves, saves);
    t.store.failSave = undefined;
    t.clock.advance(1_000);
    await t.manager.getAuth();
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-2');
    assert.equal(t.store.doc?.tokens?.access_token, newAccess);
    assert.equal(t.fetch.requests.length, 1);
    assert.ok(t.lock.acquired.filter((p) => p === '/codex-home/auth.refresh.lock').length >= 2, 'the retry took the refresh lock');
    await t.manager.close();
    assert.equal(t.warnings.length, 1, 'nothing more to say once saved');
  });

  it('refresh() saves the held generation first, then spends its (unspent) refresh token', async () => {
    const { t } = failingSetup();
    await t.manager.getAuth();
    t.store.failSave = undefined;
    await t.manager.refresh();
    assert.equal(t.fetch.requests.length, 2);
    assert.equal(t.fetch.requests[1]?.body?.['refresh_token'], 'rt-2', 'the held token, never the spent rt-1');
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-3');
  });

  it('a refresh of the held generation while saves still fail keeps the newest one and saves it over the original document', async () => {
    const { t } = failingSetup();
    await t.manager.getAuth();
    await t.manager.refresh();
    assert.equal(t.fetch.requests[1]?.body?.['refresh_token'], 'rt-2');
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-1');
    assert.equal(t.warnings.length, 2, 'one warning per unsaved generation');
    t.store.failSave = undefined;
    await t.manager.close();
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-3');
  });

  it('close() retries; if the save still fails it says the token is lost and what to do', async () => {
    const { t } = failingSetup();
    await t.manager.getAuth();
    const saves = t.store.saves;
    await t.manager.close();
    assert.equal(t.store.saves, saves + 1, 'close() tried once more');
    assert.equal(t.warnings.length, 2);
    assert.match(t.warnings[1]!, /^Warning: the refreshed token could still not be saved \(credential file is read-only .*\); it is lost when this process exits .* sign in again \(codex-auth login\)\.$/);
  });

  it('never overwrites a newer generation another process stored meanwhile: drops the held one and adopts the stored one', async () => {
    const { t } = failingSetup();
    await t.manager.getAuth();
    const newer = chatgptDoc({ expMs: T0 + 3 * HOUR, iatMs: T0, refreshToken: 'rt-other', accessToken: 'access-other' });
    t.store.doc = structuredClone(newer); // e.g. the user signed in again in another terminal
    t.store.failSave = undefined;
    t.clock.advance(1_000);
    const info = await t.manager.getAuth();
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-other', 'the newer write was kept');
    assert.equal(info?.token, 'access-other');
    await t.manager.close();
    assert.equal(t.store.doc?.tokens?.refresh_token, 'rt-other');
    assert.equal(t.warnings.length, 1);
  });

  it('reload() and the 401 recovery reload keep the held generation instead of the spent stored one', async () => {
    const { t, newAccess } = failingSetup();
    await t.manager.getAuth();
    assert.equal((await t.manager.reload())?.token, newAccess);
    const recovery = t.manager.unauthorizedRecovery();
    const step = await recovery.next();
    assert.deepEqual(step, { step: 'reload', changed: false });
    assert.equal((await t.manager.getAuth())?.token, newAccess);
  });

  it('a second process meanwhile reads the spent token: its refresh fails (refresh_token_reused), then it re-reads and adopts the saved generation', async () => {
    const { t: a, newAccess } = failingSetup();
    await a.manager.getAuth();
    // Process B: same store and lock, its own manager; the issuer says the stored token was used.
    const b = testManager(null, [{ status: 401, body: { error: { code: 'refresh_token_reused' } } }], {
      store: a.store,
      withLock: a.lock,
      now: a.clock.now,
      sleep: async (ms) => a.clock.advance(ms),
    });
    await assert.rejects(b.manager.refresh(), (e: unknown) => isCodexAuthError(e, 'oauth.refresh_permanent') && e.details.reason === 'exhausted');
    assert.equal(b.fetch.requests.length, 1);
    assert.equal(b.events.filter(([n]) => n === 'reauthRequired').length, 1);
    // Remembered against the spent credentials: no second request while storage still holds them.
    await assert.rejects(b.manager.refresh(), (e: unknown) => isCodexAuthError(e, 'oauth.refresh_permanent'));
    assert.equal(b.fetch.requests.length, 1);
    assert.equal(b.fetch.requests[0]?.body?.['refresh_token'], 'rt-1');
    // A's store works again; A saves on its next getAuth(); B re-reads storage and adopts, no request.
    a.store.failSave = undefined;
    a.clock.advance(1_000);
    await a.manager.getAuth();
    assert.equal(a.store.doc?.tokens?.refresh_token, 'rt-2');
    assert.equal((await b.manager.getAuth())?.token, newAccess);
    assert.equal(b.fetch.requests.length, 1);
  });

  it('with the spent note (the flock file), a second process does not present the spent token at all and adopts the saved generation later', async () => {
    const notes = new Map<string, string>();
    const spentNote: SpentNote = {
      read: async (p) => notes.get(p),
      write: async (p, fp) => void (fp ? notes.set(p, fp) : notes.delete(p)),
    };
    const newAccess = accessJwt(T0 + HOUR, T0);
    const a = testManager(chatgptDoc({ expMs: T0 + 60_000, iatMs: T0 - HOUR }), [tokenResponse({ access: newAccess, refresh: 'rt-2' })], { spentNote });
    a.store.failSave = readOnly();
    await a.manager.getAuth();
    assert.equal(notes.size, 1, 'the spent generation is noted');
    const b = testManager(null, [{ status: 401, body: { error: { code: 'refresh_token_reused' } } }], {
      store: a.store,
      withLock: a.lock,
      now: a.clock.now,
      sleep: async (ms) => a.clock.advance(ms),
      spentNote,
    });
    await assert.rejects(b.manager.refresh(), (e: unknown) => isCodexAuthError(e, 'auth.refresh_unsaved_elsewhere') && !e.message.includes('\n'));
    assert.equal(b.fetch.requests.length, 0, 'the spent token was not presented');
    assert.equal(b.events.filter(([n]) => n === 'reauthRequired').length, 0, 'not a permanent failure');
    // Proactively, with its old token still valid, B keeps serving it and says why.
    assert.ok((await b.manager.getAuth())?.token);
    assert.match(b.warnings.at(-1)!, /^The stored token was already refreshed by another process that could not save the new one yet/);
    a.store.failSave = undefined;
    a.clock.advance(1_000);
    await a.manager.getAuth();
    assert.equal(notes.size, 0, 'the note is cleared once saved');
    assert.equal((await b.manager.refresh())?.token, newAccess);
    assert.equal(b.fetch.requests.length, 0);
  });
});
