// The official Codex CLI, unmodified, under `codex-auth fleet exec` (issue 13 item 4 and 7): two
// hosts at once on an expired fleet token run `codex doctor`: one fleet refresh, no reuse; then
// `codex login status` and `codex logout` — whose revoke reaches only the wrapper, so nothing
// shared is revoked and the fleet still serves. Plus the wrapper's contract: a private 0700 home
// removed afterwards, the child's exit code, SIGTERM forwarded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { officialCodexBin, ourBin, runOurs } from '../helpers/run.js';
import { fleetLab, type FleetLab } from '../e2e/fleet/fleet-helpers.js';

describe('fleet exec', () => {
  let lab: FleetLab;
  before(async () => {
    lab = await fleetLab();
  });
  after(async () => {
    await lab.close();
  });

  it('the official binary on two hosts at once, expired token: one fleet refresh, no reuse, its logout revokes nothing shared', async () => {
    // A login whose access token expired a minute ago.
    const doc = await lab.mint('expired');
    const payload = JSON.parse(Buffer.from(doc.tokens!.access_token.split('.')[1]!, 'base64url').toString());
    assert.ok(payload.exp * 1000 < Date.now());
    lab.mintDue(false);
    assert.equal((await lab.push(doc)).code, 0);
    const hosts = [lab.homes.make(), lab.homes.make()];
    const doctors = await Promise.all(hosts.map((h, i) => runOurs(['fleet', 'exec', '--', officialCodexBin(), 'doctor'], { env: lab.env(h, { member: `ci-${i}` }), timeoutMs: 120_000 })));
    for (const d of doctors) assert.match(d.stdout, /✓ auth\s+auth is configured/, d.stdout + d.stderr);
    assert.deepEqual(lab.refreshes(), ['rotated'], 'one fleet refresh for both, no refresh_token_reused');

    const status = await runOurs(['fleet', 'exec', officialCodexBin(), 'login', 'status'], { env: lab.env(hosts[0]!, { runner: true }) });
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.stderr.trim(), 'Logged in using ChatGPT');

    const logout = await runOurs(['fleet', 'exec', '--', officialCodexBin(), 'logout'], { env: lab.env(hosts[1]!, { runner: true }) });
    assert.equal(logout.code, 0, logout.stderr);
    assert.match(logout.stderr, /Successfully logged out/);
    assert.equal(lab.issuer.admin.requests({ path: '/oauth/revoke' }).length, 0, 'nothing reached the issuer');
    assert.ok(lab.issuer.admin.families().some((f) => f.status === 'active'));
    const st = await runOurs(['fleet', 'status', '--json'], { env: lab.env(lab.homes.make()) });
    assert.equal(st.code, 0);
    assert.equal(JSON.parse(st.stdout).generation, 2);
    assert.deepEqual(lab.refreshes(), ['rotated']);
  });

  it('a due token: the official binary asks the wrapper, which refreshes the fleet once for both hosts', async () => {
    {
      assert.equal((await lab.push(await lab.mint(true))).code, 0);
      const before = lab.refreshes().length;
      const script = `"${officialCodexBin()}" doctor >/dev/null 2>&1; "${officialCodexBin()}" login status >/dev/null 2>&1; cat "$CODEX_HOME/auth.json"`;
      const runs = await Promise.all([0, 1].map((i) => runOurs(['fleet', 'exec', '--', 'sh', '-c', script], { env: lab.env(lab.homes.make(), { member: `ci-due-${i}` }), timeoutMs: 120_000 })));
      assert.equal(lab.refreshes().length - before, 1, 'one fleet refresh');
      const fleetToken = String(await lab.redis.cmd(['HGET', 'codex-auth:fleet:default:access', 'access_token']));
      for (const r of runs) {
        assert.equal(r.code, 0, r.stderr);
        const written = JSON.parse(r.stdout) as { tokens: { access_token: string; refresh_token: string } };
        assert.equal(written.tokens.access_token, fleetToken, 'the child refreshed through the wrapper and holds the fleet token');
        assert.match(written.tokens.refresh_token, /^codex-auth-fleet-exec-/);
      }
      assert.ok(lab.refreshes().every((o) => o === 'rotated'));
    }
  });

  it('a private 0700 home with the access token and a placeholder, removed afterwards; the child exit code; no fleet secrets in the child env', async () => {
    const r = await runOurs(
      ['fleet', 'exec', '--', 'sh', '-c', 'echo "$CODEX_HOME"; stat -c %a "$CODEX_HOME"; cat "$CODEX_HOME/auth.json"; env | grep -c "^CODEX_AUTH_FLEET_\\(URL\\|KEY_FILE\\)=" ; exit 7'],
      { env: lab.env(lab.homes.make(), { runner: true }) },
    );
    assert.equal(r.code, 7, r.stderr);
    const [home, mode, ...rest] = r.stdout.trim().split('\n');
    assert.equal(mode, '700');
    assert.equal(existsSync(home!), false, 'removed after the child exited');
    const out = rest.join('\n');
    assert.match(out, /"refresh_token": "codex-auth-fleet-exec-[\w-]+"/);
    assert.match(out.trim().split('\n').pop()!, /^0$/);
  });

  // The loop is bounded (about two minutes), so a wrapper that failed to forward never leaves a child behind.
  it('SIGTERM is forwarded to the child; the wrapper exits with its code and removes the home', async () => {
    const child = spawn(process.execPath, [ourBin, 'fleet', 'exec', '--', 'sh', '-c', 'trap "exit 42" TERM; echo "$CODEX_HOME"; i=0; while [ $i -lt 2400 ]; do sleep 0.05; i=$((i+1)); done'], {
      env: lab.env(lab.homes.make(), { runner: true }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const home = await new Promise<string>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('\n')) resolve(out.trim());
      }),
    );
    assert.equal(existsSync(home), true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 42);
    assert.equal(existsSync(home), false);
  });
});
