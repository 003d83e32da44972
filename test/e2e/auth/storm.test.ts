// Refresh that never races (issue 5 item 2): 16 processes × 50 concurrent getAuth() callers on one
// CODEX_HOME with an expiring token make exactly one refresh request, and all end with the new
// token; mixed with the official binary (`codex doctor` refreshes within its 5-minute window) in
// both orders, and when both spend the same token at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { officialCodexBin, runOfficial, tempDir } from '../../helpers/run.js';
import { expiringLogin, fingerprint, storedAccessToken, storm, stormEnv, type StormIssuer } from './storm-helpers.js';

interface Official {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  running: () => boolean;
}

function codexDoctor(env: Record<string, string>): Official {
  const child = spawn(officialCodexBin(), ['doctor'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      exited = true;
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
  return { done, running: () => !exited };
}

async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function assertAllHold(results: Awaited<ReturnType<typeof storm>>, token: string, callers = 50) {
  for (const r of results) {
    assert.deepEqual(r.errors, []);
    assert.equal(r.ok, callers);
    assert.deepEqual(r.tokens, [fingerprint(token)]);
  }
}

function expOf(token: string): number {
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp * 1000;
}

describe('refresh storm', () => {
  it('16 processes × 50 concurrent getAuth() on one CODEX_HOME: exactly one refresh; all end with the new token', async () => {
    const home = tempDir();
    const s = await expiringLogin(home.path);
    try {
      const before = storedAccessToken(home.path);
      // Hold the refresh at the issuer for a moment so every process is contending while it runs.
      s.issuer.admin.addFault({ path: '/oauth/token', match: { grant_type: 'refresh_token' }, delayMs: 300 });
      const results = await storm(stormEnv(home.path, s.issuer.url));
      assert.deepEqual(s.refreshes(), [{ outcome: 'rotated', status: 200 }]);
      const after = storedAccessToken(home.path);
      assert.notEqual(after, before);
      assert.ok(expOf(after) > Date.now() + 300_000, 'the new token lives well beyond the window');
      assertAllHold(results, after);
      // What we wrote is what the official binary writes: last_refresh with 9 fractional digits, account kept.
      const doc = JSON.parse(readFileSync(join(home.path, 'auth.json'), 'utf8'));
      assert.match(doc.last_refresh, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      assert.equal(doc.tokens.account_id, 'ws-dev-personal');
      assert.equal(statSync(join(home.path, 'auth.json')).mode & 0o777, 0o600);
    } finally {
      await s.issuer.close();
      home.cleanup();
    }
  });
});

describe('refresh storm mixed with the official binary (codex doctor)', () => {
  async function setup(): Promise<{ home: ReturnType<typeof tempDir>; s: StormIssuer; env: Record<string, string> }> {
    const home = tempDir();
    const s = await expiringLogin(home.path);
    return { home, s, env: stormEnv(home.path, s.issuer.url) };
  }

  it('ours refresh first, then the official binary starts on what we wrote: one refresh, no reuse, it stays logged in', async () => {
    const { home, s, env } = await setup();
    try {
      const results = await storm(env);
      const ours = storedAccessToken(home.path);
      assertAllHold(results, ours);
      const doctor = await codexDoctor(env).done;
      assert.match(doctor.stdout, /✓ auth\s+auth is configured/);
      assert.deepEqual(s.refreshes(), [{ outcome: 'rotated', status: 200 }]);
      assert.equal(storedAccessToken(home.path), ours, 'the official binary did not refresh again');
      const status = await runOfficial(['login', 'status'], { env });
      assert.equal(status.code, 0);
      assert.equal(status.stderr.trim(), 'Logged in using ChatGPT');
    } finally {
      await s.issuer.close();
      home.cleanup();
    }
  });

  it('the official binary refreshes first and ours (holding the old token) go while it runs: they adopt its token', async () => {
    const { home, s, env } = await setup();
    try {
      const before = storedAccessToken(home.path);
      let doctor: Official | undefined;
      let runningAtGo = false;
      const results = await storm(env, 16, 50, async () => {
        // Every worker has loaded the expiring token; now the official binary spends it.
        doctor = codexDoctor(env);
        await until(() => storedAccessToken(home.path) !== before, 'the official binary to commit its refresh');
        runningAtGo = doctor.running();
      });
      await doctor!.done;
      const theirs = storedAccessToken(home.path);
      assertAllHold(results, theirs);
      assert.deepEqual(s.refreshes(), [{ outcome: 'rotated', status: 200 }], 'one refresh, zero refresh_token_reused');
      // Recorded, not asserted (timing): whether doctor was still running when ours were released.
      process.stderr.write(`# official binary still running when ours went: ${runningAtGo}\n`);
    } finally {
      await s.issuer.close();
      home.cleanup();
    }
  });

  // Both spend the same token at once (the official binary takes no lock before refreshing, so
  // this cannot be prevented): every refresh request is held 1 s at the issuer so the two are in
  // flight together; the issuer rotates for the first and answers refresh_token_reused to the
  // second. Whichever wins, our processes end with the winner's token and report no error.
  for (const officialFirst of [true, false]) {
    it(`both spend the same token at once (${officialFirst ? 'the official binary' : 'ours'} first): ours end with the winner's token`, async () => {
      const { home, s, env } = await setup();
      try {
        const hold = { path: '/oauth/token', match: { grant_type: 'refresh_token' }, delayMs: 1000, times: 1 };
        s.issuer.admin.addFault(hold);
        s.issuer.admin.addFault(hold);
        const before = storedAccessToken(home.path);
        const taken = (): boolean => s.issuer.admin.faults().length < 2;
        let doctor: Official | undefined;
        let oursHeldFirst = false;
        let officialHeldFirst = false;
        const stormDone = storm(env, 16, 50, async () => {
          if (!officialFirst) return;
          doctor = codexDoctor(env);
          // Official first: release ours only once its refresh request is held at the issuer.
          await until(taken, "the official binary's refresh request");
          officialHeldFirst = true;
        });
        if (!officialFirst) {
          // Ours first: start the official binary only once one of our refresh requests is held at
          // the issuer (nothing else can have taken the hold), with the old token still on disk.
          await until(taken, 'our refresh request');
          oursHeldFirst = taken() && storedAccessToken(home.path) === before && s.refreshes().length === 0;
          doctor = codexDoctor(env);
        }
        const results = await stormDone;
        const official = await doctor!.done;
        assert.ok(officialFirst ? officialHeldFirst : oursHeldFirst, 'the order was enforced');
        const refreshes = s.refreshes();
        assert.equal(refreshes.filter((r) => r.outcome === 'rotated').length, 1, `exactly one winner: ${JSON.stringify(refreshes)}`);
        const winner = storedAccessToken(home.path);
        assert.notEqual(winner, before);
        assert.ok(expOf(winner) > Date.now() + 300_000);
        assertAllHold(results, winner);
        process.stderr.write(`# simultaneous spend (${officialFirst ? 'official' : 'ours'} first): issuer saw ${JSON.stringify(refreshes)}; official exit ${official.code}\n`);
        // Its exit code is asserted: 0, or 1 only when the reachability check alone fails (no route
        // to the real provider from the test machine); never an auth failure.
        const failed = official.stdout.split('\n').filter((l) => /^\s*✗ /.test(l)).map((l) => l.trim().split(/\s+/)[1]);
        assert.ok(!failed.includes('auth'), `the official binary failed its auth check: ${failed.join(', ')}`);
        assert.match(official.stdout, /✓ auth\s+auth is configured/);
        assert.ok([...new Set(failed)].every((c) => c === 'reachability'), `unexpected failed checks: ${failed.join(', ')}`);
        assert.equal(official.code, failed.length ? 1 : 0, `official exit code with failed checks [${failed.join(', ')}]`);
      } finally {
        await s.issuer.close();
        home.cleanup();
      }
    });
  }
});
