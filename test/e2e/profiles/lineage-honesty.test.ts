// A parked profile whose refresh token was spent elsewhere (a copy of the file refreshed by some
// other tool): the issuer answers refresh_token_reused once; from then on the profile is reported
// as "profile NAME needs a new sign-in" — by token, login status, list and use — without asking
// the issuer again, and it is never dropped. A new sign-in saved with --force heals it.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { postForm, CLIENT_ID } from '../../helpers/issuer.js';
import { tempHomes } from '../../helpers/run.js';
import { A, B, checkList, ok, ours, profileEnv, profileIssuer, readAuth, readProfile, writeAuth } from '../../helpers/profiles.js';

const homes = tempHomes('codex-auth-profiles-');
after(() => homes.cleanup());

it('a spent parked profile needs a new sign-in, reported without a refresh loop, never dropped', async () => {
  const s = await profileIssuer();
  try {
    const home = homes.make();
    const env = profileEnv(home, s.issuer.url);
    s.dueSoon(-30); // already expired: the first use must refresh
    const a = await s.login(A);
    s.fresh();
    const b = await s.login(B);
    for (const [doc, name] of [[a, 'work'], [b, 'personal']] as const) {
      writeAuth(home, doc);
      await ok(['profile', 'save', name], env);
    }
    // Someone else spends work's refresh token (a hand copy of its auth.json, refreshed elsewhere).
    const spent = await postForm(`${s.issuer.url}/oauth/token`, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: a.tokens.refresh_token });
    assert.equal(spent.status, 200);

    const first = await ours(['token', '--profile', 'work'], env);
    assert.equal(first.code, 1);
    assert.match(first.stderr, /already used/, first.stderr);
    assert.equal(s.reuses(), 1);
    assert.equal(readProfile(home, 'work').needs_signin, readProfile(home, 'work').summary.generation);

    for (const args of [['token', '--profile', 'work'], ['login', 'status', '--profile', 'work'], ['profile', 'use', 'work']]) {
      const r = await ours(args, env);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, /profile work needs a new sign-in/, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.equal(s.refreshes().length, 2, 'no refresh after the first refusal');
    assert.equal(readAuth(home).tokens.refresh_token, b.tokens.refresh_token, 'use refused: the current login is unchanged');
    const list = await checkList(env, { work: A, personal: B }, 'personal');
    assert.equal(list.find((e) => e.name === 'work')!.needs_signin, true);
    assert.match((await ok(['profile', 'list'], env)).stdout, /work .*needs a new sign-in/);

    // A new sign-in of the account, saved over it, heals the profile.
    writeAuth(home, await s.login(A));
    await ok(['profile', 'save', 'work', '--force'], env);
    const healed = await checkList(env, { work: A, personal: B }, 'work');
    assert.equal(healed.find((e) => e.name === 'work')!.needs_signin, false);
    assert.equal(readProfile(home, 'personal').auth.tokens.refresh_token, b.tokens.refresh_token);
  } finally {
    await s.close();
  }
});
