// The library: createAuthManager({ profile }) and CODEX_AUTH_PROFILE in its env answer for a
// parked profile without switching — refreshed in place when due, the current login untouched,
// CODEX_ACCESS_TOKEN not in the way — and a bad name is a CodexAuthError before anything is read.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { createAuthManager, isCodexAuthError } from '../../../src/index.js';
import { tempHomes } from '../../helpers/run.js';
import { A, B, profileEnv, profileIssuer, readAuth, readProfile, twoProfiles } from '../../helpers/profiles.js';

const homes = tempHomes('codex-auth-profiles-');
after(() => homes.cleanup());

it('createAuthManager({ profile }) refreshes a parked profile in place', async () => {
  const s = await profileIssuer();
  try {
    const home = homes.make();
    const env = profileEnv(home, s.issuer.url);
    const { b1 } = await twoProfiles(s, home, env, { due: ['a'] });

    const events: string[] = [];
    const m = await createAuthManager({ env: { ...env, CODEX_ACCESS_TOKEN: 'at-not-this-one' }, profile: 'work' });
    m.on('refreshed', (e) => events.push(e.outcome));
    const info = await m.getAuth();
    await m.close();
    assert.equal(info?.email, A);
    assert.equal(info?.accountId, 'ws-dev-personal');
    assert.deepEqual(events, ['refreshed']);
    assert.equal(info?.token, readProfile(home, 'work').auth.tokens.access_token, 'the new generation is in the profile');
    assert.equal(readAuth(home).tokens.refresh_token, b1.tokens.refresh_token, 'the current login is untouched');

    const viaEnv = await createAuthManager({ env: { ...env, CODEX_AUTH_PROFILE: 'work' } });
    assert.equal((await viaEnv.getAuth())?.token, info?.token, 'not due now: no second refresh');
    // logout() of a profile neither revokes nor deletes it.
    await assert.rejects(viaEnv.logout(), (e) => isCodexAuthError(e, 'profiles.logout'));
    await viaEnv.close();
    assert.equal(s.issuer.admin.requests({ path: '/oauth/revoke' }).length, 0);
    assert.equal(readProfile(home, 'work').auth.tokens.access_token, info?.token);
    const plain = await createAuthManager({ env });
    assert.equal((await plain.getAuth())?.email, B, 'without a profile: the current login');
    await plain.close();
    await assert.rejects(createAuthManager({ env, profile: '../x' }), (e) => isCodexAuthError(e, 'profiles.bad_name'));
    await assert.rejects(
      (await createAuthManager({ env, profile: 'nope' })).getAuth(),
      (e) => isCodexAuthError(e, 'profiles.not_found'),
    );
    assert.deepEqual(s.refreshes().map((r) => r.outcome), ['rotated']);
    assert.equal(s.reuses(), 0);
  } finally {
    await s.close();
  }
});
