// `codex-auth token`, `codex-auth login status --json` and `codex-auth logout` (revoke, then delete)
// against the embedded issuer.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runOurs, tempDir } from '../../helpers/run.js';
import { expiringLogin, storedAccessToken, stormEnv } from './storm-helpers.js';

async function withLogin<T>(fn: (ctx: { home: string; env: Record<string, string>; s: Awaited<ReturnType<typeof expiringLogin>> }) => Promise<T>, expiresIn = 60): Promise<T> {
  const home = tempDir();
  const s = await expiringLogin(home.path, expiresIn);
  try {
    return await fn({ home: home.path, env: stormEnv(home.path, s.issuer.url), s });
  } finally {
    await s.issuer.close();
    home.cleanup();
  }
}

describe('codex-auth token', () => {
  it('prints a valid access token, refreshing an expiring one first (one request, stored for everyone)', () =>
    withLogin(async ({ home, env, s }) => {
      const before = storedAccessToken(home);
      const r = await runOurs(['token'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const after = storedAccessToken(home);
      assert.notEqual(after, before);
      assert.equal(r.stdout, `${after}\n`);
      assert.deepEqual(s.refreshes(), [{ outcome: 'rotated', status: 200 }]);
      // A second call reuses the fresh token: no request.
      const again = await runOurs(['token', '--json'], { env });
      assert.equal(again.code, 0, again.stderr);
      const j = JSON.parse(again.stdout);
      assert.equal(j.token, after);
      assert.equal(j.token_type, 'Bearer');
      assert.equal(j.mode, 'chatgpt');
      assert.equal(j.account_id, 'ws-dev-personal');
      assert.equal(j.plan_type, 'plus');
      assert.ok(Date.parse(j.expires_at) > Date.now() + 300_000);
      assert.equal(s.refreshes().length, 1);
    }));

  it('not logged in: one line on stderr, exit 1, nothing on stdout', async () => {
    const home = tempDir();
    try {
      const r = await runOurs(['token'], { env: stormEnv(home.path, 'http://127.0.0.1:9') });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'Not logged in. Run `codex-auth login` (or `codex login`) first.\n');
    } finally {
      home.cleanup();
    }
  });

  it('an expired token whose refresh token the issuer rejects: the reference message, exit 1, no token printed', () =>
    withLogin(async ({ env, s }) => {
      s.issuer.admin.revokeFamily(s.issuer.admin.families()[0]!.id);
      const r = await runOurs(['token'], { env });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        'Error getting token: Your access token could not be refreshed because your refresh token was revoked. Please log out and sign in again.\n',
      );
    }, -10));

  it('bad arguments: clap-style error, exit 2', async () => {
    const r = await runOurs(['token', '--bogus'], { env: stormEnv('/nonexistent', 'http://127.0.0.1:9') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: unexpected argument '--bogus' found\n/);
  });
});

describe('codex-auth login status --json', () => {
  it('prints mode, account, plan, expiry and the store in use, without refreshing', () =>
    withLogin(async ({ home, env, s }) => {
      const r = await runOurs(['login', 'status', '--json'], { env });
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.logged_in, true);
      assert.equal(j.mode, 'chatgpt');
      assert.equal(j.source, 'store');
      assert.equal(j.account_id, 'ws-dev-personal');
      assert.equal(j.plan_type, 'plus');
      assert.equal(j.email, 'dev@example.com');
      assert.equal(j.store, 'file');
      assert.equal(j.codex_home, home);
      assert.ok(Date.parse(j.expires_at) < Date.now() + 300_000, 'the expiring token, not a refreshed one');
      assert.deepEqual(s.refreshes(), []);
    }));

  it('not logged in: logged_in false, exit 1', async () => {
    const home = tempDir();
    try {
      const r = await runOurs(['login', 'status', '--json'], { env: stormEnv(home.path, 'http://127.0.0.1:9') });
      assert.equal(r.code, 1);
      assert.equal(JSON.parse(r.stdout).logged_in, false);
    } finally {
      home.cleanup();
    }
  });
});

describe('codex-auth logout (revoke, then delete)', () => {
  it('revokes the refresh token at the derived revoke URL, then removes auth.json', () =>
    withLogin(async ({ home, env, s }) => {
      const r = await runOurs(['logout'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, 'Successfully logged out\n');
      assert.equal(existsSync(join(home, 'auth.json')), false);
      const revokes = s.issuer.admin.requests({ path: '/oauth/revoke' });
      assert.equal(revokes.length, 1);
      assert.equal(revokes[0]?.body?.['token_type_hint'], 'refresh_token');
      assert.equal(revokes[0]?.body?.['client_id'], 'app_EMoamEEZ73f0CkXaXp7hrann');
      assert.equal(s.issuer.admin.families()[0]?.status, 'revoked');
    }));

  it('a failing revoke server never keeps the credentials, and says so on stderr', () =>
    withLogin(async ({ home, env, s }) => {
      s.issuer.admin.addFault({ path: '/oauth/revoke', status: 500, body: { error: { message: 'down' } } });
      const r = await runOurs(['logout'], { env });
      assert.equal(r.code, 0);
      assert.equal(
        r.stderr,
        'Warning: could not revoke the token on the server (failed to revoke refresh_token: 500 Internal Server Error: down); the local credentials were removed anyway.\nSuccessfully logged out\n',
      );
      assert.equal(existsSync(join(home, 'auth.json')), false);
    }));

  it('a hanging revoke server delays logout by at most 10 s; the credentials are removed', () =>
    withLogin(async ({ home, env, s }) => {
      s.issuer.admin.addFault({ path: '/oauth/revoke', hang: true });
      const r = await runOurs(['logout'], { env, timeoutMs: 30_000 });
      assert.equal(r.code, 0);
      assert.match(r.stderr, /did not finish within 10 s; the local credentials were removed anyway\.\nSuccessfully logged out\n$/);
      assert.equal(existsSync(join(home, 'auth.json')), false);
    }));
});
