// The keyring variant on the real Secret Service (gnome-keyring in the test session): with
// cli_auth_credentials_store = keyring the current login is the CODEX_HOME's keyring entry and
// each profile is an entry of its own (`<key>|profile|NAME`); the profile files hold no secret.
// Switching with the official binary refreshing the current login in between: no reuse, no revoke.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { KeyringStore } from '../../../src/store/keyring-store.js';
import { storeKey } from '../../../src/store/codex-home.js';
import { runOfficial, tempHomes } from '../../helpers/run.js';
import { A, B, checkList, ok, profileEnv, profileIssuer, readProfile } from '../../helpers/profiles.js';

assert.equal(process.env.CODEX_AUTH_TEST_KEYRING, '1', 'run with `npm test` (private D-Bus session with gnome-keyring)');

const homes = tempHomes('codex-auth-profiles-');
after(() => homes.cleanup());

/** The secret of one keyring item, as secret-tool sees it (null when there is none). */
function secret(account: string): string | null {
  const r = spawnSync('secret-tool', ['lookup', 'service', 'Codex Auth', 'username', account], { encoding: 'utf8' });
  return r.status === 0 && r.stdout ? r.stdout : null;
}

it('keyring: profiles are keyring entries; switching with official refreshes in between', async () => {
  const s = await profileIssuer();
  const home = homes.make();
  const current = new KeyringStore({ codexHome: home, timeoutMs: 10_000 });
  try {
    writeFileSync(join(home, 'config.toml'), 'cli_auth_credentials_store = "keyring"\n');
    const env = profileEnv(home, s.issuer.url);
    s.dueSoon();
    const a1 = await s.login(A);
    const b1 = await s.login(B);
    await current.save(a1 as never);
    await ok(['profile', 'save', 'work'], env);
    await current.save(b1 as never);
    await ok(['profile', 'save', 'personal'], env);
    await checkList(env, { work: A, personal: B }, 'personal');
    for (const name of ['work', 'personal']) {
      const file = readFileSync(join(home, 'profiles', `${name}.json`), 'utf8');
      assert.equal(JSON.parse(file).secret_store, 'keyring');
      assert.doesNotMatch(file, /refresh_token|access_token|id_token/, 'no secret in the profile file');
    }
    assert.match(secret(`${storeKey(home)}|profile|work`) ?? '', new RegExp(a1.tokens.refresh_token));
    assert.ok(!existsSync(join(home, 'auth.json')));

    await ok(['profile', 'use', 'work'], env);
    assert.equal((await current.load())?.tokens?.refresh_token, a1.tokens.refresh_token);
    s.fresh();
    const doctor = await runOfficial(['doctor'], { env, timeoutMs: 60_000 });
    assert.match(doctor.stdout, /auth\s+auth is configured/);
    const a2 = await current.load();
    assert.notEqual(a2?.tokens?.refresh_token, a1.tokens.refresh_token, 'the official binary refreshed the keyring entry');
    await checkList(env, { work: A, personal: B }, 'work');

    await ok(['profile', 'use', 'personal'], env);
    assert.match(secret(`${storeKey(home)}|profile|work`) ?? '', new RegExp(a2!.tokens!.refresh_token), 'written back into the keyring');
    assert.equal((await current.load())?.tokens?.refresh_token, b1.tokens.refresh_token);
    await checkList(env, { work: A, personal: B }, 'personal');
    // A parked keyring profile answers without switching.
    const tok = JSON.parse((await ok(['token', '--json', '--profile', 'work'], env)).stdout);
    assert.equal(tok.token, a2?.tokens?.access_token);
    assert.ok(!existsSync(join(home, 'auth.json')));

    await ok(['profile', 'remove', 'work'], env);
    assert.equal(secret(`${storeKey(home)}|profile|work`), null, 'the keyring entry went with the profile');
    await checkList(env, { personal: B }, 'personal');
    assert.equal(readProfile(home, 'personal').secret_store, 'keyring');
    assert.equal(s.reuses(), 0);
    assert.equal(s.revokes(), 0);
  } finally {
    await s.close();
    await current.delete().catch(() => false);
    await new KeyringStore({ codexHome: home }).deleteEntry().catch(() => false);
    spawnSync('secret-tool', ['clear', 'service', 'Codex Auth', 'username', `${storeKey(home)}|profile|personal`]);
    spawnSync('secret-tool', ['clear', 'service', 'Codex Auth', 'username', `${storeKey(home)}|profile|work`]);
  }
});
