// Profiles end to end, our CLI against the embedded issuer with two accounts: switching back and
// forth with refreshes in between — of the current login and of a parked profile in place — and
// the issuer sees every refresh token spent once: no reuse, no revoke. `profile list --json` is
// checked after every step.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempHomes } from '../../helpers/run.js';
import { A, B, checkList, ok, ours, profileEnv, profileIssuer, readAuth, readProfile, writeAuth } from '../../helpers/profiles.js';

const homes = tempHomes('codex-auth-profiles-');
after(() => homes.cleanup());

describe('profiles: switching with refreshes in between', () => {
  it('never loses a generation, never reuses or revokes a token', async () => {
    const s = await profileIssuer();
    try {
      const home = homes.make();
      const env = profileEnv(home, s.issuer.url);
      s.dueSoon();
      const a1 = await s.login(A);
      const b1 = await s.login(B);

      // Save both sign-ins (checking the list and the modes in between).
      writeAuth(home, a1);
      assert.match((await ok(['profile', 'save', 'work'], env)).stderr, /Saved the current login \(dev@example.com\) as profile work/);
      await checkList(env, { work: A }, 'work');
      assert.equal(statSync(join(home, 'profiles')).mode & 0o777, 0o700);
      assert.equal(statSync(join(home, 'profiles', 'work.json')).mode & 0o777, 0o600);
      writeAuth(home, b1); // a sign-in as the second account
      await ok(['profile', 'save', 'personal'], env);
      await checkList(env, { work: A, personal: B }, 'personal');

      // Switch to work, and refresh it while it is current (its token is due).
      assert.match((await ok(['profile', 'use', 'work'], env)).stderr, /Switched to profile work \(dev@example.com\)/);
      assert.equal(readAuth(home).tokens.refresh_token, a1.tokens.refresh_token);
      await checkList(env, { work: A, personal: B }, 'work');
      const t1 = (await ok(['token'], env)).stdout.trim(); // refreshes A: a generation the profile file does not have
      const a2 = readAuth(home);
      assert.notEqual(a2.tokens.refresh_token, a1.tokens.refresh_token);
      assert.equal(t1, a2.tokens.access_token);
      assert.equal(readProfile(home, 'work').auth.tokens.refresh_token, a1.tokens.refresh_token, 'the parked copy is behind');
      const list = await checkList(env, { work: A, personal: B }, 'work');
      assert.equal(list.find((e) => e.name === 'work')!.expires_at, new Date(JSON.parse(Buffer.from(a2.tokens.access_token.split('.')[1], 'base64url').toString()).exp * 1000).toISOString());

      // Switch back: the refreshed generation goes into work's profile first.
      await ok(['profile', 'use', 'personal'], env);
      assert.equal(readProfile(home, 'work').auth.tokens.refresh_token, a2.tokens.refresh_token, 'written back');
      assert.equal(readAuth(home).tokens.refresh_token, b1.tokens.refresh_token);
      await checkList(env, { work: A, personal: B }, 'personal');

      // A parked profile is refreshed in place: auth.json is not touched.
      s.fresh();
      const parked = JSON.parse((await ok(['token', '--json', '--profile', 'work'], env)).stdout);
      const a3 = readProfile(home, 'work').auth;
      assert.notEqual(a3.tokens.refresh_token, a2.tokens.refresh_token);
      assert.equal(parked.token, a3.tokens.access_token);
      assert.equal(parked.account_id, 'ws-dev-personal');
      assert.equal(readAuth(home).tokens.refresh_token, b1.tokens.refresh_token);
      await checkList(env, { work: A, personal: B }, 'personal');
      // CODEX_AUTH_PROFILE picks it too (no refresh now: not due), for token and login status.
      const viaEnv = await ok(['token'], { ...env, CODEX_AUTH_PROFILE: 'work' });
      assert.equal(viaEnv.stdout.trim(), a3.tokens.access_token);
      const st = await ok(['login', 'status', '--json'], { ...env, CODEX_AUTH_PROFILE: 'work' });
      assert.equal(JSON.parse(st.stdout).account_id, 'ws-dev-personal');
      assert.equal((await ok(['login', 'status', '--profile', 'work'], env)).stderr.trim(), 'Logged in using ChatGPT');

      // `token --profile` of the current login's profile answers from (and refreshes) the current login.
      const cur = JSON.parse((await ok(['token', '--json', '--profile', 'personal'], env)).stdout);
      const b2 = readAuth(home);
      assert.notEqual(b2.tokens.refresh_token, b1.tokens.refresh_token, 'the current login was refreshed');
      assert.equal(cur.token, b2.tokens.access_token);
      assert.equal(readProfile(home, 'personal').auth.tokens.refresh_token, b1.tokens.refresh_token, 'the stale parked copy was not spent');
      await checkList(env, { work: A, personal: B }, 'personal');

      // Back and forth again (nothing due: no warning).
      assert.equal((await ok(['profile', 'use', 'work'], env)).stderr, 'Switched to profile work (dev@example.com)\n');
      assert.equal(readProfile(home, 'personal').auth.tokens.refresh_token, b2.tokens.refresh_token);
      assert.equal(readAuth(home).tokens.refresh_token, a3.tokens.refresh_token);
      await checkList(env, { work: A, personal: B }, 'work');
      assert.match((await ok(['profile', 'use', 'work'], env)).stderr, /already the current login/);
      await ok(['profile', 'use', 'personal'], env);
      await checkList(env, { work: A, personal: B }, 'personal');
      assert.equal(readAuth(home).tokens.refresh_token, b2.tokens.refresh_token);

      assert.deepEqual(s.refreshes().map((r) => r.outcome), ['rotated', 'rotated', 'rotated']);
      assert.equal(new Set(s.refreshes().map((r) => r.refresh_token)).size, 3, 'each refresh token presented once');
      assert.equal(s.reuses(), 0);
      assert.equal(s.revokes(), 0);
    } finally {
      await s.close();
    }
  });

  it('save refuses another account without --force and a second copy of one sign-in; use refuses an unsaved login', async () => {
    const s = await profileIssuer();
    try {
      const home = homes.make();
      const env = profileEnv(home, s.issuer.url);
      const a = await s.login(A);
      const b = await s.login(B);
      writeAuth(home, a);
      await ok(['profile', 'save', 'work'], env);
      const dup = await ours(['profile', 'save', 'again'], env);
      assert.equal(dup.code, 1);
      assert.equal(dup.stderr, 'Error: the current login is already saved as profile work\n');
      writeAuth(home, b);
      const other = await ours(['profile', 'save', 'work'], env);
      assert.equal(other.code, 1);
      assert.match(other.stderr, /^Error: profile work holds another account \(dev@example.com, the current login is team@example.com\); pass --force to replace it\n$/);
      assert.equal(readProfile(home, 'work').summary.email, A);
      // An unsaved current login is never overwritten.
      const use = await ours(['profile', 'use', 'work'], env);
      assert.equal(use.code, 1);
      assert.match(use.stderr, /the current login \(team@example.com\) is not saved in any profile/);
      assert.equal(readAuth(home).tokens.refresh_token, b.tokens.refresh_token);
      await ok(['profile', 'save', 'work', '--force'], env);
      await checkList(env, { work: B }, 'work');
      // Remove (no revoke): the current login stays.
      assert.match((await ok(['profile', 'remove', 'work'], env)).stderr, /stays signed in/);
      await checkList(env, {}, null);
      assert.equal(readAuth(home).tokens.refresh_token, b.tokens.refresh_token);
      assert.equal(s.revokes(), 0);
    } finally {
      await s.close();
    }
  });

  it('remove --revoke revokes a parked profile, and refuses the current one', async () => {
    const s = await profileIssuer();
    try {
      const home = homes.make();
      const env = profileEnv(home, s.issuer.url);
      writeAuth(home, await s.login(A));
      await ok(['profile', 'save', 'work'], env);
      const b = await s.login(B);
      writeAuth(home, b);
      await ok(['profile', 'save', 'personal'], env);
      const refused = await ours(['profile', 'remove', 'personal', '--revoke'], env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /profile personal is the current login/);
      await checkList(env, { work: A, personal: B }, 'personal');
      await ok(['profile', 'remove', 'work', '--revoke'], env);
      await checkList(env, { personal: B }, 'personal');
      assert.equal(s.issuer.admin.requests({ path: '/oauth/revoke' }).length, 1);
      assert.equal(s.issuer.admin.family(b.tokens.refresh_token).status, 'active');
    } finally {
      await s.close();
    }
  });
});
