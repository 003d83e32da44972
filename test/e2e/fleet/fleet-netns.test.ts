// A host cut off from Redis (issue 13 item 6), as root: the "host" is a network namespace that
// reaches Redis over a veth pair. With the link down, a runner with a cached valid token still
// serves it; one without says so in one line within seconds (no hang); with the link back up,
// it is served again.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ourBin } from '../../helpers/run.js';
import { fleetLab, type FleetLab } from './fleet-helpers.js';

const id = process.pid % 200;
const NS = `cafleet${process.pid}`;
const HOST_IF = `vfh${process.pid}`.slice(0, 15);
const NS_IF = `vfn${process.pid}`.slice(0, 15);
const HOST_ADDR = `10.213.${id}.1`;
const NS_ADDR = `10.213.${id}.2`;
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

describe('a host cut off from Redis (network namespace + veth, as root)', () => {
  let lab: FleetLab;
  before(async () => {
    assert.equal(process.getuid?.(), 0, 'this test creates network namespaces: run it as root (npm test does in CI)');
    ip('netns', 'add', NS);
    ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
    ip('link', 'set', NS_IF, 'netns', NS);
    ip('addr', 'add', `${HOST_ADDR}/30`, 'dev', HOST_IF);
    ip('link', 'set', HOST_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'addr', 'add', `${NS_ADDR}/30`, 'dev', NS_IF);
    ip('netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
    lab = await fleetLab({ bind: [HOST_ADDR] });
  });
  after(async () => {
    await lab?.close();
    try {
      ip('link', 'del', HOST_IF);
    } catch {
      // gone with the namespace
    }
    ip('netns', 'del', NS);
  });

  it('link down: the cached token is served, a cold host fails in one line within seconds; link up: served again', async () => {
    assert.equal((await lab.push(await lab.mint(false))).code, 0);
    const url = lab.redis.url.replace('127.0.0.1', HOST_ADDR);
    const warm = lab.homes.make();
    const run = (home: string, args = ['token']) =>
      new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
        const t0 = Date.now();
        const child = spawn('ip', ['netns', 'exec', NS, process.execPath, ourBin, ...args], { env: lab.env(home, { runner: true, url }) });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
      });
    const first = await run(warm);
    assert.equal(first.code, 0, first.stderr);
    ip('link', 'set', HOST_IF, 'down');
    try {
      const cached = await run(warm);
      assert.equal(cached.code, 0, cached.stderr);
      assert.equal(cached.stdout, first.stdout);
      const cold = await run(lab.homes.make());
      assert.equal(cold.code, 1);
      assert.match(cold.stderr, /^Error getting token: cannot reach the fleet's Redis at redis:\/\/10\.213\.\d+\.1:\d+: [^\n]+\n$/);
      assert.ok(cold.ms < 20_000, `answered in ${cold.ms} ms`);
    } finally {
      ip('link', 'set', HOST_IF, 'up');
    }
    const back = await run(lab.homes.make());
    assert.equal(back.code, 0, back.stderr);
    assert.equal(back.stdout, first.stdout);
  });
});
