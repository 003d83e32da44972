// Faults with nothing lost and no hang (issue 13 item 6): a member SIGKILLed while holding the
// lease (paused by the test hook CODEX_AUTH_FLEET_TEST_PAUSE at the exact point, then killed),
// issuer errors, a refused refresh token, and a new push repairing a broken fleet.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ourBin, runOurs } from '../../helpers/run.js';
import { fleetLab, type FleetLab } from './fleet-helpers.js';

/**
 * Refresh requests may take 5 s (generous on a loaded 2-core machine: a request that times out
 * is an unknown outcome, which rightly breaks the fleet); the lease, 2 × 5 s + 1 s, runs out
 * soon after a dead holder.
 */
const FAST = { CODEX_AUTH_FLEET_REFRESH_TIMEOUT: '5' };

/** Starts `codex-auth token` paused at `point`, waits until it says so, SIGKILLs it. */
async function killAt(lab: FleetLab, point: string): Promise<void> {
  const child = spawn(process.execPath, [ourBin, 'token'], { env: lab.env(lab.homes.make(), { member: 'doomed', extra: { ...FAST, CODEX_AUTH_FLEET_TEST_PAUSE: point } }), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes(`codex-auth fleet test pause: ${point}`)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before pausing: ${err}`)));
  });
  child.removeAllListeners('exit');
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

async function status(lab: FleetLab): Promise<{ code: number | null; s: any }> {
  const r = await runOurs(['fleet', 'status', '--json'], { env: lab.env(lab.homes.make()) });
  return { code: r.code, s: JSON.parse(r.stdout) };
}

describe('fleet faults', () => {
  let lab: FleetLab;
  before(async () => {
    lab = await fleetLab();
  });
  after(async () => {
    await lab.close();
  });
  beforeEach(async () => {
    lab.issuer.admin.clearFaults();
    lab.mintDue(false);
    assert.equal((await lab.push(await lab.mint(true))).code, 0); // a due generation, freshly pushed
  });

  it('killed holding the lease before spending: another member takes over once the lease runs out (one refresh)', async () => {
    const before = lab.refreshes().length;
    const gen = (await status(lab)).s.generation;
    await killAt(lab, 'after-lease');
    const t = await runOurs(['token'], { env: lab.env(lab.homes.make(), { extra: FAST }) });
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stderr, '');
    assert.deepEqual(lab.refreshes().slice(before), ['rotated']);
    const { code, s } = await status(lab);
    assert.equal(code, 0);
    assert.equal(s.generation, gen + 1);
  });

  for (const point of ['after-mark', 'after-spend'] as const) {
    it(`killed holding the lease ${point === 'after-mark' ? 'just before' : 'just after'} its refresh request: the others say "needs a new push" and never present the token again; a push repairs it`, async () => {
      const before = lab.refreshes().length;
      await killAt(lab, point);
      const spent = lab.refreshes().slice(before);
      assert.deepEqual(spent, point === 'after-spend' ? ['rotated'] : []);
      // Another member: its token is due but still valid, so it is served with one line saying why it was not refreshed.
      const t = await runOurs(['token'], { env: lab.env(lab.homes.make(), { extra: FAST }) });
      assert.equal(t.code, 0, t.stderr);
      assert.match(t.stderr, /^fleet 'default' needs a new `codex-auth fleet push`: a member stopped while spending the refresh token/);
      // More members, more attempts: no request at all (no reuse storm).
      await Promise.all([1, 2, 3].map(() => runOurs(['token'], { env: lab.env(lab.homes.make(), { extra: FAST }) })));
      assert.deepEqual(lab.refreshes().slice(before), spent);
      const broken = await status(lab);
      assert.equal(broken.code, 1);
      assert.equal(broken.s.needs_push, true);
      assert.equal(broken.s.can_serve, false);
      // A new push brings it back.
      lab.mintDue(false);
      assert.equal((await lab.push(await lab.mint(false))).code, 0);
      const repaired = await status(lab);
      assert.equal(repaired.code, 0);
      assert.equal(repaired.s.needs_push, false);
      assert.equal((await runOurs(['token'], { env: lab.env(lab.homes.make()) })).code, 0);
    });
  }

  it('the issuer answers an error: the generation is kept and the next attempt refreshes it', async () => {
    lab.issuer.admin.addFault({ path: '/oauth/token', match: { grant_type: 'refresh_token' }, status: 503, body: { error: 'temporarily_unavailable' }, times: 1 });
    const gen = (await status(lab)).s.generation;
    const before = lab.refreshes().length;
    const t = await runOurs(['token'], { env: lab.env(lab.homes.make()) });
    assert.equal(t.code, 0, t.stderr); // still valid: served, with one line about the failed refresh
    assert.match(t.stderr, /503/);
    const kept = await status(lab);
    assert.equal(kept.s.generation, gen);
    assert.equal(kept.s.needs_push, false);
    assert.doesNotMatch(String(await lab.redis.cmd(['HGET', 'codex-auth:fleet:default:secret', 'spending'])), /:/, 'no spending mark left');
    const again = await runOurs(['token'], { env: lab.env(lab.homes.make()) });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr, '');
    assert.deepEqual(lab.refreshes().slice(before), ['503', 'rotated']);
    assert.equal((await status(lab)).s.generation, gen + 1);
  });

  it('the issuer refuses the refresh token (revoked family): needs a new push, one request, then a push repairs it', async () => {
    const rec = (await lab.redis.cmd(['HGET', 'codex-auth:fleet:default:access', 'access_token'])) as string;
    assert.ok(rec);
    for (const f of lab.issuer.admin.families()) if (f.status === 'active') lab.issuer.admin.revokeFamily(f.id);
    const before = lab.refreshes().length;
    const t = await runOurs(['token'], { env: lab.env(lab.homes.make()) });
    assert.equal(t.code, 0);
    assert.match(t.stderr, /needs a new `codex-auth fleet push`: the issuer refused the refresh token/);
    await runOurs(['token'], { env: lab.env(lab.homes.make()) });
    assert.equal(lab.refreshes().length - before, 1, 'the refused token is not presented again');
    assert.equal((await status(lab)).code, 1);
    assert.equal((await lab.push(await lab.mint(false))).code, 0);
    assert.equal((await status(lab)).code, 0);
  });
});
