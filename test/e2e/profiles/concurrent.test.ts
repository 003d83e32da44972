// `profile use NAME` while `token --profile NAME` is refreshing NAME in place (its refresh answer
// held by a proxy): the switch waits for the profile's lock, so it activates the generation the
// refresh just stored — never the one it spent — and nothing is reused.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { tempHomes } from '../../helpers/run.js';
import { A, B, checkList, holdingProxy, ok, ours, profileEnv, profileIssuer, readAuth, readProfile, twoProfiles } from '../../helpers/profiles.js';

const homes = tempHomes('codex-auth-profiles-');
after(() => homes.cleanup());

it('profile use waits for an in-place refresh of the same profile', async () => {
  const s = await profileIssuer();
  const proxy = await holdingProxy(s.issuer.url);
  try {
    const home = homes.make();
    const env = profileEnv(home, s.issuer.url);
    const { a1 } = await twoProfiles(s, home, env, { due: ['a'] });
    const refreshing = ours(['token', '--profile', 'work'], profileEnv(home, proxy.url));
    await proxy.answered; // the issuer has rotated work's token; the answer is not in yet
    const switching = ours(['profile', 'use', 'work'], env);
    // The answer is released once the switch is done — which it must not be while the refresh holds
    // the profile's lock — or after a while (the switch then waits its turn; the assertions below
    // do not depend on that time, it only bounds the wait of the correct case).
    const bound = setTimeout(() => proxy.release(), 3_000);
    void switching.finally(() => proxy.release());
    const [tok, use] = await Promise.all([refreshing, switching]);
    clearTimeout(bound);
    assert.equal(tok.code, 0, tok.stderr);
    assert.equal(use.code, 0, use.stderr);
    const a2 = readProfile(home, 'work').auth;
    assert.notEqual(a2.tokens.refresh_token, a1.tokens.refresh_token);
    assert.equal(readAuth(home).tokens.refresh_token, a2.tokens.refresh_token, 'the refreshed generation is current');
    assert.equal(tok.stdout.trim(), a2.tokens.access_token);
    await checkList(env, { work: A, personal: B }, 'work');
    await ok(['token'], env);
    assert.equal(s.reuses(), 0);
    assert.deepEqual(s.refreshes().map((r) => r.outcome), ['rotated']);
  } finally {
    proxy.close();
    await s.close();
  }
});
