// Refresh interop with the official binary, one generation after another: it refreshes what we
// wrote, and we refresh what it wrote — no refresh_token_reused, and both keep reading the file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAuthManager } from '../../../src/index.js';
import { runOfficial, tempDir } from '../../helpers/run.js';
import { expiringLogin, storedAccessToken, stormEnv } from '../../e2e/auth/storm-helpers.js';

function doc(home: string): { last_refresh: string; tokens: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
}

describe('refresh generations alternate between ours and the official binary', () => {
  it('ours → official → ours: each refreshes what the other wrote', async () => {
    const home = tempDir();
    const s = await expiringLogin(home.path);
    try {
      const env = stormEnv(home.path, s.issuer.url);
      // 1. Ours refresh the expiring login; the issuer hands out a 200 s token (due for the
      //    official binary's 300 s window, not yet for ours: half its life).
      s.issuer.admin.setAccessTokenTtl(200);
      const ours = await createAuthManager({ env });
      const first = await ours.getAuth();
      await ours.close();
      assert.equal(first?.token, storedAccessToken(home.path));
      s.issuer.admin.setAccessTokenTtl(3600);
      // 2. The official binary finds our token within its window and refreshes it with the
      //    refresh token we stored.
      const doctor = await runOfficial(['doctor'], { env, timeoutMs: 60_000 });
      assert.match(doctor.stdout, /✓ auth\s+auth is configured/);
      const second = storedAccessToken(home.path);
      assert.notEqual(second, first?.token);
      assert.match(doc(home.path).last_refresh, /\.\d{9}Z$/);
      // 3. Ours (with a clock 58 minutes ahead: the official token is now due) refresh what it wrote.
      const later = await createAuthManager({ env, now: () => Date.now() + 3480_000 });
      const third = await later.getAuth();
      await later.close();
      assert.notEqual(third?.token, second);
      assert.equal(third?.token, storedAccessToken(home.path));
      assert.deepEqual(
        s.refreshes().map((r) => r.outcome),
        ['rotated', 'rotated', 'rotated'],
      );
      const status = await runOfficial(['login', 'status'], { env });
      assert.equal(status.stderr.trim(), 'Logged in using ChatGPT');
      assert.equal(doc(home.path).tokens['account_id'], 'ws-dev-personal');
    } finally {
      await s.issuer.close();
      home.cleanup();
    }
  });
});
