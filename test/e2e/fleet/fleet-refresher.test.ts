// `codex-auth fleet refresher` (issue 13 item 4): refreshes a due generation ahead of expiry —
// one log line per refresh, no secret — so runners get a fresh token without waiting; stops on
// SIGTERM with exit 0. Without the key file it refuses with one line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ourBin, runOurs } from '../../helpers/run.js';
import { fleetLab, type FleetLab } from './fleet-helpers.js';

describe('fleet refresher', () => {
  let lab: FleetLab;
  before(async () => {
    lab = await fleetLab();
  });
  after(async () => {
    await lab.close();
  });

  it('refreshes the due generation once, logs one line without secrets, runners then get the fresh token; SIGTERM → exit 0', async () => {
    const doc = await lab.mint(true);
    assert.equal((await lab.push(doc)).code, 0);
    const child = spawn(process.execPath, [ourBin, 'fleet', 'refresher'], { env: lab.env(lab.homes.make(), { member: 'refresher-1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const refreshed = new Promise<void>((resolve) =>
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        if (/refreshed to generation/.test(err)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await refreshed;
    assert.deepEqual(lab.refreshes(), ['rotated']);
    const fresh = String(await lab.redis.cmd(['HGET', 'codex-auth:fleet:default:access', 'access_token']));
    const t = await runOurs(['token'], { env: lab.env(lab.homes.make(), { runner: true }) });
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout.trim(), fresh);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const lines = err.trim().split('\n');
    assert.match(lines[0]!, /^fleet refresher: serving fleet 'default' at redis:\/\/127\.0\.0\.1:\d+$/);
    assert.match(lines[1]!, /^fleet refresher: refreshed to generation 2 \(access token valid until \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
    assert.equal(lines[2], 'fleet refresher: stopped');
    assert.equal(lines.length, 3);
    for (const secret of [doc.tokens!.refresh_token, doc.tokens!.access_token, fresh]) assert.ok(!err.includes(secret));
    assert.deepEqual(lab.refreshes(), ['rotated']);
  });

  it('without the key file: one line, exit 1', async () => {
    const r = await runOurs(['fleet', 'refresher'], { env: lab.env(lab.homes.make(), { runner: true }) });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error: this command needs the fleet key (CODEX_AUTH_FLEET_KEY_FILE): runners without it only read access tokens\n');
  });
});
