// Least privilege (issue 13 item 5): the fleet works with exactly the Redis ACL lines documented
// in docs/fleet.md — a `refresher` that reads and writes the fleet's keys only, and a `runner`
// that reads the access record and subscribes, and can neither write nor delete anything.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from '@redis/client';
import { repoRoot, runOurs } from '../../helpers/run.js';
import { fleetLab, type FleetLab } from './fleet-helpers.js';

const documented = readFileSync(join(repoRoot, 'docs/fleet.md'), 'utf8')
  .split('\n')
  .filter((l) => /^user (refresher|runner) /.test(l));

async function as(url: string, args: string[]): Promise<string> {
  const c = createClient({ url, RESP: 2, disableClientInfo: true, socket: { reconnectStrategy: false } });
  c.on('error', () => {});
  await c.connect();
  try {
    return String(await c.sendCommand(args));
  } catch (e) {
    return (e as Error).message;
  } finally {
    c.destroy();
  }
}

describe('fleet with the documented Redis ACLs', () => {
  let lab: FleetLab;
  let refresher: string;
  let runner: string;
  before(async () => {
    assert.equal(documented.length, 2, 'docs/fleet.md documents the two users');
    lab = await fleetLab({ users: documented.map((l) => l.replace('>REFRESHER_PASSWORD', '>refresher-pw').replace('>RUNNER_PASSWORD', '>runner-pw')) });
    refresher = lab.redis.url.replace('redis://', 'redis://refresher:refresher-pw@');
    runner = lab.redis.url.replace('redis://', 'redis://runner:runner-pw@');
  });
  after(async () => {
    await lab.close();
  });

  it('refresher pushes and refreshes; runners read, subscribe and report status; nothing leaks the password', async () => {
    const doc = await lab.mint(true);
    const home = lab.homes.make();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(home, 'auth.json'), JSON.stringify(doc), { mode: 0o600 });
    const push = await runOurs(['fleet', 'push'], { env: lab.env(home, { url: refresher, extra: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${lab.issuer.url}/oauth/token` } }) });
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /at redis:\/\/refresher@127\.0\.0\.1:\d+ /);
    assert.ok(!push.stderr.includes('refresher-pw'));

    const member = await runOurs(['token'], { env: lab.env(lab.homes.make(), { url: refresher }) });
    assert.equal(member.code, 0, member.stderr);
    assert.deepEqual(lab.refreshes(), ['rotated']);

    const r = lab.homes.make();
    const t = await runOurs(['token'], { env: lab.env(r, { runner: true, url: runner }) });
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout, member.stdout);
    const st = await runOurs(['fleet', 'status', '--json'], { env: lab.env(r, { runner: true, url: runner }) });
    assert.equal(st.code, 0, st.stderr);
    const s = JSON.parse(st.stdout);
    assert.equal(s.url, lab.redis.url.replace('redis://', 'redis://runner@'));
    assert.equal(s.generation, 2);
    assert.ok(!st.stdout.includes('runner-pw'));
  });

  it('the runner can neither write nor delete nor read the sealed token; the refresher is fenced to its fleet', async () => {
    const p = 'codex-auth:fleet:default:';
    for (const args of [
      ['HSET', `${p}access`, 'state', 'ok'],
      ['DEL', `${p}access`],
      ['HGETALL', `${p}secret`],
      ['SET', `${p}lease`, 'me', 'NX', 'PX', '1000'],
      ['PUBLISH', `${p}events`, '99'],
      ['EVAL', 'return 1', '0'],
      ['FLUSHALL'],
    ]) {
      assert.match(await as(runner, args), /^NOPERM/, `runner: ${args[0]}`);
    }
    assert.match(await as(runner, ['HGET', `${p}access`, 'gen']), /^NOPERM/, 'only the commands listed');
    assert.match(await as(refresher, ['SET', 'codex-auth:fleet:other:lease', 'x']), /^NOPERM/);
    assert.match(await as(refresher, ['FLUSHALL']), /^NOPERM/);
    // A runner that has the key file but the runner's ACL still cannot refresh: one clear line.
    const due = await lab.mint(true);
    const home = lab.homes.make();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(home, 'auth.json'), JSON.stringify(due), { mode: 0o600 });
    assert.equal((await runOurs(['fleet', 'push'], { env: lab.env(home, { url: refresher, extra: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${lab.issuer.url}/oauth/token` } }) })).code, 0);
    const before = lab.refreshes().length;
    // Its token is due but still valid: served, with one line saying why it was not refreshed.
    const denied = await runOurs(['token'], { env: lab.env(lab.homes.make(), { url: runner }) });
    assert.equal(denied.code, 0, denied.stderr);
    assert.match(denied.stderr, /^the fleet's Redis at redis:\/\/runner@127\.0\.0\.1:\d+ refused the request: NOPERM[^\n]*\n$/);
    assert.equal(lab.refreshes().length, before, 'no refresh request');
  });
});
