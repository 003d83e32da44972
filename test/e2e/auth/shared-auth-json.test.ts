// Two CODEX_HOMEs whose auth.json are symlinks to one credential file: our refresh lock follows
// the link to the real file (src/auth/refresh-lock-path.ts), so processes of both homes refreshing
// at expiry spend the token once, and the save writes through the link (the link stays).
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAuthManager } from '../../../src/index.js';
import { tempDir } from '../../helpers/run.js';
import { expiringLogin, fingerprint, storm, stormEnv } from './storm-helpers.js';

describe('a symlinked auth.json shared by two CODEX_HOMEs', () => {
  it('processes and managers of both homes refreshing at expiry make one refresh request; both links stay links to the new tokens', async () => {
    const root = tempDir();
    const shared = join(root.path, 'shared');
    const homeA = join(root.path, 'a');
    const homeB = join(root.path, 'b');
    for (const d of [shared, homeA, homeB]) mkdirSync(d, { mode: 0o700 });
    const s = await expiringLogin(shared); // writes shared/auth.json, expiring within the proactive window
    symlinkSync(join(shared, 'auth.json'), join(homeA, 'auth.json')); // absolute link
    symlinkSync('../shared/auth.json', join(homeB, 'auth.json')); // relative link
    try {
      const envs = [stormEnv(homeA, s.issuer.url), stormEnv(homeB, s.issuer.url)];
      // Two managers per home in this process too, each with its own lock (its own flock descriptor).
      const managers = await Promise.all(
        [...envs, ...envs].map((env) => createAuthManager({ env, codexHome: env['CODEX_HOME']! })),
      );
      for (const m of managers) await m.reload();
      let inProcess!: Promise<Array<string | undefined>>;
      const results = await storm(envs, 6, 20, async () => {
        inProcess = Promise.all(managers.flatMap((m) => [m.getAuth(), m.getAuth()])).then((r) => r.map((i) => i?.token));
      });
      const tokens = await inProcess;

      assert.deepEqual(s.refreshes(), [{ outcome: 'rotated', status: 200 }], 'exactly one refresh request');
      for (const r of results) assert.deepEqual(r.errors, []);
      const stored = JSON.parse(readFileSync(join(shared, 'auth.json'), 'utf8')) as { tokens: { access_token: string } };
      const winner = stored.tokens.access_token;
      assert.deepEqual([...new Set(results.flatMap((r) => r.tokens))], [fingerprint(winner)], 'every process ended with the stored token');
      assert.deepEqual([...new Set(tokens)], [winner], 'every in-process manager ended with the stored token');
      for (const home of [homeA, homeB]) {
        assert.ok(lstatSync(join(home, 'auth.json')).isSymbolicLink(), `${home}/auth.json is still a symlink`);
        assert.equal(JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')).tokens.access_token, winner);
        assert.equal(existsSync(join(home, 'auth.refresh.lock')), false, 'no per-home refresh lock');
      }
      assert.ok(existsSync(join(shared, 'auth.refresh.lock')), 'the refresh lock lives next to the real auth.json');
      assert.equal(lstatSync(join(shared, 'auth.json')).mode & 0o777, 0o600);
      for (const m of managers) await m.close();
    } finally {
      await s.issuer.close();
      root.cleanup();
    }
  });
});
