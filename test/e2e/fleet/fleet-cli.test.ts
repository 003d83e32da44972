// The fleet through the CLI against a real redis-server and the embedded issuer (issue 13):
// push moves the login in (and out of the laptop), members refresh once, runners read only,
// `login status` / `fleet status` say what they serve without a secret, the refresh token is
// never in clear in Redis, its AOF or any host's disk, logout revokes at the issuer.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readFleetKey, openRefreshToken } from '../../../src/fleet/crypto.js';
import { runOurs } from '../../helpers/run.js';
import { filesUnder, fleetLab, type FleetLab } from './fleet-helpers.js';

async function currentRefreshToken(lab: FleetLab): Promise<string> {
  const h = (await lab.redis.cmd(['HGETALL', 'codex-auth:fleet:default:secret'])) as string[];
  const m = Object.fromEntries(Array.from({ length: h.length / 2 }, (_, i) => [h[2 * i], h[2 * i + 1]]));
  return openRefreshToken(await readFleetKey(lab.keyFile, 'default'), Number(m['gen']), m['rt']!);
}

describe('fleet CLI: push, token, status, logout', () => {
  let lab: FleetLab;
  before(async () => {
    lab = await fleetLab({ aof: true });
  });
  after(async () => {
    await lab.close();
  });

  it('push moves the login in; a member refreshes it once; runners read it; nothing secret anywhere', async () => {
    const doc = await lab.mint(true);
    const pushed = await lab.push(doc);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stderr, /^Pushed this login to fleet 'default' at redis:\/\/127\.0\.0\.1:\d+ \(generation \d+\); the local copy was removed\.\n$/);
    const laptop = lab.homes.make(); // (the push helper's home is gone with its auth.json: checked below)

    // A member asks for a token: it is due, so the member spends the generation once.
    const member = lab.homes.make();
    const t1 = await runOurs(['token', '--json'], { env: lab.env(member) });
    assert.equal(t1.code, 0, t1.stderr);
    assert.deepEqual(lab.refreshes(), ['rotated']);
    const served = JSON.parse(t1.stdout) as { token: string; account_id: string };
    assert.notEqual(served.token, doc.tokens!.access_token);
    assert.equal(served.account_id, 'ws-dev-personal');

    // Runners (no key file) read the same token; nobody refreshes again.
    const runner = lab.homes.make();
    const t2 = await runOurs(['token'], { env: lab.env(runner, { runner: true }) });
    assert.equal(t2.code, 0, t2.stderr);
    assert.equal(t2.stdout.trim(), served.token);
    const again = await runOurs(['token'], { env: lab.env(member) });
    assert.equal(again.stdout.trim(), served.token);
    assert.deepEqual(lab.refreshes(), ['rotated']);

    // login status says it uses the fleet (and never refreshes).
    const ls = await runOurs(['login', 'status'], { env: lab.env(runner, { runner: true }) });
    assert.equal(ls.code, 0);
    assert.match(ls.stderr, /^Logged in using ChatGPT\nUsing fleet 'default' at redis:\/\/127\.0\.0\.1:\d+ \(generation \d+\)\n$/);

    // fleet status --json: generation, account, plan, expiry, last refresh; the URL without password.
    // (the default user is `nopass`: any password is accepted, and none may be printed)
    const st = await runOurs(['fleet', 'status'], { env: lab.env(runner, { runner: true, url: lab.redis.url.replace('redis://', 'redis://default:s3cretpw@') }) });
    assert.equal(st.code, 0, st.stderr);
    assert.match(st.stdout, /^Fleet 'default' at redis:\/\/default@127\.0\.0\.1:\d+\n/);
    const st2 = await runOurs(['fleet', 'status', '--json'], { env: lab.env(runner, { runner: true }) });
    assert.equal(st2.code, 0, st2.stderr);
    const s = JSON.parse(st2.stdout);
    assert.equal(s.role, 'runner');
    assert.equal(s.can_serve, true);
    assert.equal(s.needs_push, false);
    assert.equal(s.account_id, 'ws-dev-personal');
    assert.equal(s.plan_type, 'plus');
    assert.equal(s.last_refresh.how, 'refresh');
    assert.ok(Date.parse(s.expires_at) > Date.now() + 3000_000);
    assert.ok(!st.stdout.includes('s3cretpw') && !st.stderr.includes('s3cretpw'), 'the password is never printed');

    // Never in clear: Redis keys, the AOF file, any host's disk (the laptop kept no copy).
    const rt = await currentRefreshToken(lab);
    const secrets = [rt, doc.tokens!.refresh_token];
    const dump = await lab.redis.dump();
    const aof = lab.redis.aofBytes();
    assert.ok(aof.length > 0, 'AOF is on');
    for (const secret of secrets) {
      assert.ok(!dump.includes(secret), 'no refresh token in clear in Redis');
      assert.ok(!aof.includes(Buffer.from(secret)), 'no refresh token in clear in the AOF file');
      for (const home of [member, runner, laptop]) for (const f of filesUnder(home)) assert.ok(!f.bytes.includes(Buffer.from(secret)), `no refresh token in ${f.path}`);
      for (const out of [t1, t2, ls, st2, pushed]) assert.ok(!(out.stdout + out.stderr).includes(secret));
    }
    // The cache a runner keeps holds the access token only, mode 0600.
    const cached = filesUnder(runner).filter((f) => f.path.includes('/fleet/'));
    assert.equal(cached.length, 1);
    assert.match(cached[0]!.bytes.toString(), /"accessToken"/);
  });

  it('push refuses an API-key login with one line and changes nothing', async () => {
    const home = lab.homes.make();
    writeFileSync(join(home, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-test-1234567890abcdef' }));
    const before = await lab.redis.dump();
    const r = await runOurs(['fleet', 'push'], { env: lab.env(home) });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(r.stderr, /^Error: fleet push shares ChatGPT logins only/);
    assert.equal(await lab.redis.dump(), before);
    assert.ok(existsSync(join(home, 'auth.json')), 'the local API key stays');
  });

  it('a runner cannot push or log out (no key file): one clear line', async () => {
    const home = lab.homes.make();
    const r = await runOurs(['fleet', 'logout'], { env: lab.env(home, { runner: true }) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /needs the fleet key \(CODEX_AUTH_FLEET_KEY_FILE\)/);
  });

  it('Redis restarted from its AOF: the fleet is intact', async () => {
    const home = lab.homes.make();
    const before = JSON.parse((await runOurs(['fleet', 'status', '--json'], { env: lab.env(home) })).stdout);
    await lab.redis.restart();
    const after = await runOurs(['fleet', 'status', '--json'], { env: lab.env(home) });
    assert.equal(after.code, 0, after.stderr);
    assert.equal(JSON.parse(after.stdout).generation, before.generation);
    const t = await runOurs(['token'], { env: lab.env(home) });
    assert.equal(t.code, 0, t.stderr);
  });

  it('Redis down: a cached valid token is served; without one, one clear line within seconds', async () => {
    const warm = lab.homes.make();
    assert.equal((await runOurs(['token'], { env: lab.env(warm, { runner: true }) })).code, 0);
    await lab.redis.stop();
    try {
      const cached = await runOurs(['token'], { env: lab.env(warm, { runner: true }) });
      assert.equal(cached.code, 0, cached.stderr);
      assert.equal(cached.stderr, '');
      const cold = lab.homes.make();
      const t0 = Date.now();
      const r = await runOurs(['token'], { env: lab.env(cold, { runner: true }) });
      const took = Date.now() - t0;
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^Error getting token: cannot reach the fleet's Redis at redis:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\n$/);
      assert.ok(took < 15_000, `answered in ${took} ms`);
    } finally {
      await lab.redis.restart();
    }
  });

  it('fleet logout revokes at the issuer and deletes the keys; every member then reports not logged in', async () => {
    const home = lab.homes.make();
    const rt = await currentRefreshToken(lab);
    const r = await runOurs(['fleet', 'logout'], { env: lab.env(home) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^Logged out fleet 'default': the login was revoked and its keys deleted\n$/);
    const revokes = lab.issuer.admin.requests({ path: '/oauth/revoke' });
    assert.equal(revokes.length, 1);
    assert.equal(revokes[0]!.status, 200);
    assert.equal(lab.issuer.admin.family(rt).status, 'revoked');
    const ls = await runOurs(['login', 'status'], { env: lab.env(lab.homes.make(), { runner: true }) });
    assert.equal(ls.code, 1);
    assert.equal(ls.stderr, 'Not logged in\n');
    const st = await runOurs(['fleet', 'status', '--json'], { env: lab.env(home) });
    assert.equal(st.code, 1);
    assert.equal(JSON.parse(st.stdout).logged_in, false);
    assert.doesNotMatch(await lab.redis.dump(), /secret|lease/);
  });
});
