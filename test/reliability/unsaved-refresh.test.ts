// A save that fails right after a successful refresh, against the real issuer and the real file
// store (docs/reliability.md "A failed save after a refresh"). The issuer has already rotated the
// refresh token, so the stored one is spent: the manager must keep the new generation, serve it,
// say so in one line, and store it once the store works again — leaving no spent refresh token
// as the stored one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuthManager } from '../../src/auth/create.js';
import { CodexAuthError, isCodexAuthError } from '../../src/errors.js';
import type { RunningIssuer } from '../../src/issuer/index.js';
import { FileStore } from '../../src/store/file-store.js';
import type { CredentialStore } from '../../src/store/types.js';
import { chatgptDoc, startTestIssuer } from '../helpers/issuer.js';
import { assertNoSecret } from '../helpers/invariants.js';
import { baseEnv } from '../helpers/run.js';
import { withTempHome } from '../helpers/temp-home.js';

let issuer: RunningIssuer;
before(async () => {
  issuer = await startTestIssuer({ admin: true });
});
after(() => issuer.close());

/** How the store is broken and repaired: a real read-only auth.json, or a store wrapper failing like a full disk. */
const BREAKAGES: ReadonlyArray<{
  name: string;
  store: (home: string) => { store: CredentialStore; breakIt: () => void; repair: () => void };
  detail: RegExp;
  recoverVia: 'getAuth' | 'close';
}> = [
  {
    name: 'auth.json made read-only (0400)',
    store: (home) => ({
      store: new FileStore({ codexHome: home }),
      breakIt: () => chmodSync(join(home, 'auth.json'), 0o400),
      repair: () => chmodSync(join(home, 'auth.json'), 0o600),
    }),
    detail: /\(credential file is read-only \(.*auth\.json; make it writable/,
    recoverVia: 'getAuth',
  },
  {
    name: 'a file store whose save fails (disk full)',
    store: (home) => {
      const file = new FileStore({ codexHome: home });
      let broken = false;
      const store: CredentialStore = {
        kind: 'file',
        load: () => file.load(),
        delete: () => file.delete(),
        save: async (doc) => {
          if (broken) throw new CodexAuthError('store.write', 'No space left on device (os error 28)');
          return file.save(doc);
        },
      };
      return { store, breakIt: () => (broken = true), repair: () => (broken = false) };
    },
    detail: /\(No space left on device \(os error 28\)\)/,
    recoverVia: 'close',
  },
];

for (const b of BREAKAGES) {
  test(`refresh, then ${b.name}: the new tokens are served from memory and land on disk once the store works`, () =>
    withTempHome(async (home) => {
      const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
      const authJson = join(home, 'auth.json');
      writeFileSync(authJson, JSON.stringify(chatgptDoc(minted, '2026-11-28T12:00:00Z'), null, 2), { mode: 0o600 });
      const before = readFileSync(authJson, 'utf8');
      const { store, breakIt, repair } = b.store(home);
      const warnings: string[] = [];
      let skew = 0;
      const manager = await createAuthManager({
        env: baseEnv(home, { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token` }),
        codexHome: home,
        store,
        now: () => Date.now() + skew,
        warn: (m) => warnings.push(m),
      });
      const refreshes = () => issuer.admin.requests({ path: '/oauth/token' }).filter((r) => r.body?.['grant_type'] === 'refresh_token');
      issuer.admin.clearRequests();

      breakIt();
      const info = await manager.refresh({ reason: 'forced' });
      assert.equal(refreshes().length, 1);
      assert.ok(info?.token && info.token !== minted.access_token, 'the new access token is served');
      assert.equal(readFileSync(authJson, 'utf8'), before, 'nothing was written');
      // The manager keeps serving it: the issuer accepts it, and so does the issuer's userinfo.
      assert.equal((await manager.getAuth())?.token, info.token);
      const res = await manager.fetch(`${issuer.url}/userinfo`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { email?: string }).email, 'dev@example.com');
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, /^Warning: the token was refreshed but could not be saved /);
      assert.match(warnings[0]!, b.detail);
      assert.doesNotMatch(warnings[0]!, /\n/);
      assertNoSecret(warnings.join('\n'), [minted.refresh_token, minted.access_token, info.token], b.name);

      // Another process meanwhile reads the spent token from disk. The note in the refresh lock
      // file stops it from presenting it (which would be refused as reused and, at this issuer,
      // revoke the whole family, the generation held in memory included).
      const env = baseEnv(home, { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token` });
      const other = await createAuthManager({ env, codexHome: home, store: 'file' });
      await assert.rejects(other.refresh({ reason: 'forced' }), (e: unknown) => isCodexAuthError(e, 'auth.refresh_unsaved_elsewhere'));
      assert.equal(refreshes().length, 1, 'the spent token was not presented again');
      assert.equal((await manager.fetch(`${issuer.url}/userinfo`)).status, 200, 'the held generation is still live');

      repair();
      skew += 1_000;
      if (b.recoverVia === 'getAuth') await manager.getAuth();
      else await manager.close();
      const stored = JSON.parse(readFileSync(authJson, 'utf8')) as { tokens: { access_token: string; refresh_token: string } };
      assert.equal(stored.tokens.access_token, info.token, 'the new tokens landed on disk');
      assert.notEqual(stored.tokens.refresh_token, minted.refresh_token, 'the spent refresh token is no longer the stored one');
      assert.equal(statSync(authJson).mode & 0o777, 0o600);
      assert.equal(warnings.length, 1, `nothing more to say once saved: ${warnings.join('\n')}`);
      assert.equal(refreshes().length, 1, 'saving made no request');

      // The other process re-reads storage and adopts the saved generation without a request...
      assert.equal((await other.refresh({ reason: 'forced' }))?.token, info.token);
      assert.equal(refreshes().length, 1);
      // ...and the stored refresh token is live: spending it succeeds, which the issuer would
      // refuse (refresh_token_reused) had it been the spent one.
      const again = await other.refresh({ reason: 'forced' }).catch((e: unknown) => e);
      assert.ok(!isCodexAuthError(again), `the stored refresh token was refused: ${String((again as Error)?.message)}`);
      assert.equal(refreshes().at(-1)?.status, 200);
      await other.close();
      await manager.close();
    }));
}
