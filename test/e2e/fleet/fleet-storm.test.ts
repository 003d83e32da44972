// Exactly one refresh per generation, fleet-wide (issue 13 item 3 and 7): 4 hosts (separate
// CODEX_HOMEs, members with the key file) × 8 concurrent `codex-auth token` processes, plus one
// library-manager process per host with 8 concurrent getAuth() calls, all starting on the same
// due generation, make exactly one refresh request at the issuer — and every one of them ends
// with that refresh's token. Repeated over 10 rounds; between rounds a forced refresh (the
// library's manager.refresh()) makes the next due generation: 20 generations, 20 requests, no reuse.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAuthManager } from '../../../src/auth/create.js';
import { runOurs, type RunResult } from '../../helpers/run.js';
import { storm } from '../auth/storm-helpers.js';
import { fleetLab, type FleetLab } from './fleet-helpers.js';

const HOSTS = 4;
const CLI_PER_HOST = 8;
const CALLERS_PER_MANAGER = 8;
const ROUNDS = 10;

const fp = (t: string) => createHash('sha256').update(t).digest('hex').slice(0, 16);

describe('fleet storm', () => {
  let lab: FleetLab;
  before(async () => {
    lab = await fleetLab();
  });
  after(async () => {
    await lab.close();
  });

  it(`${HOSTS} hosts × ${CLI_PER_HOST} token processes + managers, ${ROUNDS * 2} generations: one refresh request per generation`, async () => {
    const pushed = await lab.push(await lab.mint(true));
    assert.equal(pushed.code, 0, pushed.stderr);
    let gens = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // New hosts each round (new CI jobs): a host that cached the previous generation would
      // rightly serve it until it is due, which the forced refresh below does not change.
      const hosts = Array.from({ length: HOSTS }, () => lab.homes.make());
      lab.mintDue(false); // the storm's refresh makes a token fresh for an hour
      const before = lab.refreshes().length;
      const envs = hosts.map((h, i) => lab.env(h, { member: `host-${i}` }));
      // One manager process per host (test/helpers/storm-worker.mjs): all load the due generation,
      // then the token processes start and the managers' callers are released together.
      let cli!: Promise<RunResult[]>;
      const managerResults = await storm(envs, HOSTS, CALLERS_PER_MANAGER, async () => {
        cli = Promise.all(envs.flatMap((env) => Array.from({ length: CLI_PER_HOST }, () => runOurs(['token'], { env, timeoutMs: 120_000 }))));
      });
      const cliResults = await cli;
      assert.equal(lab.refreshes().length - before, 1, `round ${round}: exactly one refresh request`);
      gens++;
      const tokens = new Set<string>();
      for (const r of cliResults) {
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, '', 'no process fell back to the old token');
        tokens.add(fp(r.stdout.trim()));
      }
      for (const m of managerResults) {
        assert.deepEqual(m.errors, []);
        assert.deepEqual(m.warnings, [], 'no manager fell back to the old token');
        assert.equal(m.ok, CALLERS_PER_MANAGER);
        for (const t of m.tokens) tokens.add(String(t));
      }
      assert.equal(tokens.size, 1, `round ${round}: every process holds the one new token`);

      // Re-arm: a forced refresh (library) whose new token is already due.
      lab.mintDue(true);
      const m = await createAuthManager({ env: lab.env(hosts[round % HOSTS]!, { member: `host-${round % HOSTS}` }) });
      try {
        const info = await m.refresh();
        assert.ok(info?.token && tokens.has(fp(info.token)) === false);
      } finally {
        await m.close();
      }
      gens++;
    }
    lab.mintDue(false);
    const all = lab.refreshes();
    assert.equal(all.length, gens, 'one refresh request per generation');
    assert.ok(all.every((o) => o === 'rotated'), `no reuse: ${all.join(',')}`);
    const st = JSON.parse((await runOurs(['fleet', 'status', '--json'], { env: lab.env(lab.homes.make()) })).stdout);
    assert.ok(st.generation >= gens + 1);
    assert.equal(st.needs_push, false);
  });
});
