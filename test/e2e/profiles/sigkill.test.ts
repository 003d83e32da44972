// A SIGKILL in the middle of `profile use` leaves the old or the new login current and both
// profiles whole. The CLI is stopped at a chosen step by the env-gated test hook
// (CODEX_AUTH_TEST_PAUSE_AT, src/profiles/pause.ts): it announces the step on stderr and waits,
// locks held; the test then kills it — no timing involved. Afterwards the locks are free (flock
// dies with the process), the next `profile use` completes, and no token was reused or revoked.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, it } from 'node:test';
import { ourBin, tempHomes } from '../../helpers/run.js';
import { A, B, checkList, ok, profileEnv, profileIssuer, readAuth, readProfile, twoProfiles, writeAuth } from '../../helpers/profiles.js';

const homes = tempHomes('codex-auth-profiles-');
after(() => homes.cleanup());

/** Runs `codex-auth args` until it announces `point`, then SIGKILLs it. */
function killAt(args: string[], env: Record<string, string>, point: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ourBin, ...args], { env: { ...env, CODEX_AUTH_TEST_PAUSE_AT: point }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes(`codex-auth-test-paused ${point}\n`)) child.kill('SIGKILL');
    });
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`exited ${code} before pausing at ${point}: ${err}`));
    });
  });
}

for (const point of ['locked', 'parked', 'activated'] as const) {
  it(`SIGKILL at "${point}": old or new login current, both profiles whole`, async () => {
    const s = await profileIssuer();
    try {
      const home = homes.make();
      const env = profileEnv(home, s.issuer.url);
      const { b1: b } = await twoProfiles(s, home, env, { due: ['a'] });
      writeAuth(home, readProfile(home, 'work').auth);
      s.dueSoon();
      await ok(['token'], env); // work is current and refreshed: the switch must write it back
      const a2 = readAuth(home);
      s.fresh();

      await killAt(['profile', 'use', 'personal'], env, point);

      const now = readAuth(home);
      const work = readProfile(home, 'work').auth;
      assert.equal(readProfile(home, 'personal').auth.tokens.refresh_token, b.tokens.refresh_token, 'personal whole');
      if (point === 'activated') {
        assert.equal(now.tokens.refresh_token, b.tokens.refresh_token, 'the new login is current');
        assert.equal(work.tokens.refresh_token, a2.tokens.refresh_token, 'work holds its newest generation');
        await checkList(env, { work: A, personal: B }, 'personal');
      } else {
        assert.equal(now.tokens.refresh_token, a2.tokens.refresh_token, 'the old login is current');
        if (point === 'parked') assert.equal(work.tokens.refresh_token, a2.tokens.refresh_token, 'written back');
        await checkList(env, { work: A, personal: B }, 'work');
      }
      // The locks died with the process: the switch completes now, and back again.
      await ok(['profile', 'use', 'personal'], env);
      await checkList(env, { work: A, personal: B }, 'personal');
      assert.equal(readProfile(home, 'work').auth.tokens.refresh_token, a2.tokens.refresh_token);
      await ok(['profile', 'use', 'work'], env);
      assert.equal(readAuth(home).tokens.refresh_token, a2.tokens.refresh_token);
      await checkList(env, { work: A, personal: B }, 'work');
      assert.equal(s.reuses(), 0);
      assert.equal(s.revokes(), 0);
    } finally {
      await s.close();
    }
  });
}
