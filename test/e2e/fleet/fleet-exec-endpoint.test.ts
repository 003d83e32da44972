// `fleet exec`'s loopback endpoint (src/fleet/exec-endpoint.ts) on a real Redis and issuer: the
// official binary refreshes any token that lives < 300 s in a tight loop; with 120-s tokens, 200
// asks from two "children" at once cost exactly one fleet refresh. Only the run's placeholder is
// accepted; revoke answers 200 and reaches nobody.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { refreshDueAt } from '../../../src/auth/refresh-policy.js';
import { oauthRefresh } from '../../../src/auth/oauth-calls.js';
import { tokenTimes } from '../../../src/auth/token-claims.js';
import { fleetConfigFrom } from '../../../src/fleet/config.js';
import { startExecEndpoint } from '../../../src/fleet/exec-endpoint.js';
import { openFleet } from '../../../src/fleet/open.js';
import { docOf } from '../../../src/fleet/doc.js';
import { fleetLab, type FleetLab } from './fleet-helpers.js';

describe('fleet exec endpoint', () => {
  let lab: FleetLab;
  before(async () => {
    lab = await fleetLab();
  });
  after(async () => {
    await lab.close();
  });

  it('repeated refresh asks on short-lived tokens: one fleet refresh; placeholder only; revoke reaches nobody', async () => {
    lab.issuer.admin.setAccessTokenTtl(120);
    assert.equal((await lab.push(await lab.mint(true))).code, 0);
    const env = lab.env(lab.homes.make());
    const open = () =>
      openFleet({ config: fleetConfigFrom(env)!, env, now: Date.now, refresh: oauthRefresh(fetch, env), dueAt: (r) => refreshDueAt(tokenTimes(docOf(r))) });
    const fleets = [await open(), await open()];
    const endpoints = await Promise.all(fleets.map(async (f) => startExecEndpoint(f, 'codex-auth-fleet-exec-test', await f.current())));
    try {
      const ask = (url: string, token = 'codex-auth-fleet-exec-test') =>
        fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: 'x', grant_type: 'refresh_token', refresh_token: token }) });
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => ask(endpoints[i % 2]!.url).then((r) => r.json() as Promise<{ access_token: string; refresh_token: string }>)));
      assert.deepEqual(lab.refreshes(), ['rotated'], 'one fleet refresh for 200 asks');
      assert.equal(new Set(answers.map((a) => a.access_token)).size, 1);
      assert.ok(answers.every((a) => a.refresh_token === 'codex-auth-fleet-exec-test'));
      // and more asks later in the token's life still spend nothing
      for (let i = 0; i < 50; i++) assert.equal((await ask(endpoints[0]!.url)).status, 200);
      assert.deepEqual(lab.refreshes(), ['rotated']);
      const wrong = await ask(endpoints[0]!.url, 'someone-elses-token');
      assert.equal(wrong.status, 401);
      const revoke = await fetch(`${endpoints[0]!.url}/oauth/revoke`, { method: 'POST', body: JSON.stringify({ token: 'codex-auth-fleet-exec-test' }) });
      assert.equal(revoke.status, 200);
      assert.equal(lab.issuer.admin.requests({ path: '/oauth/revoke' }).length, 0);
    } finally {
      lab.issuer.admin.setAccessTokenTtl(3600);
      for (const e of endpoints) await e.close();
      for (const f of fleets) await f.close();
    }
  });
});
