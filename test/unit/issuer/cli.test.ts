// `codex-auth issuer` (runIssuerCli): URL alone on the first stdout line, details on stderr,
// clean one-line errors.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runIssuerCli } from '../../../src/issuer/index.js';

function sink() {
  let text = '';
  const waiters: Array<() => void> = [];
  return {
    write(s: string) {
      text += s;
      for (const w of waiters.splice(0)) w();
      return true;
    },
    get text() {
      return text;
    },
    async until(re: RegExp) {
      while (!re.test(text)) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

async function start(argv: string[], readFile?: (p: string) => Promise<string>) {
  const stdout = sink();
  const stderr = sink();
  const ac = new AbortController();
  const done = runIssuerCli({ argv, stdout, stderr, env: {}, signal: ac.signal, ...(readFile ? { readFile } : {}) });
  return { stdout, stderr, stop: () => (ac.abort(), done), done };
}

describe('runIssuerCli', () => {
  it('prints the base URL alone as the first stdout line and serves until stopped', async () => {
    const cli = await start(['--port', '0', '--admin', '--access-token-ttl', '900', '--device-interval', '2']);
    after(() => cli.stop());
    await cli.stderr.until(/Ctrl\+C/);
    const first = cli.stdout.text.split('\n')[0]!;
    assert.match(first, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(cli.stderr.text, /admin API: on/);
    assert.match(cli.stderr.text, /account dev@example\.com/);
    const usercode = (await (await fetch(`${first}/api/accounts/deviceauth/usercode`, { method: 'POST', body: '{"client_id":"app_EMoamEEZ73f0CkXaXp7hrann"}' })).json()) as any;
    assert.equal(usercode.interval, '2');
    const minted = (await (await fetch(`${first}/admin/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"account":"dev@example.com"}' })).json()) as any;
    const access = JSON.parse(Buffer.from(minted.access_token.split('.')[1], 'base64url').toString());
    assert.equal(access.exp - access.iat, 900);
    assert.equal(await cli.stop(), 0);
    assert.match(cli.stderr.text, /stopped/);
    await assert.rejects(fetch(first));
  });

  it('loads accounts from --config and says the admin API is off by default', async () => {
    const cfg = JSON.stringify({ accounts: [{ email: 'ci@example.org', plan: 'pro', workspaces: ['ws-ci'] }], redirectUris: ['http://127.0.0.1:9/cb'] });
    const cli = await start(['--config', 'accounts.json'], async () => cfg);
    await cli.stderr.until(/Ctrl\+C/);
    assert.match(cli.stderr.text, /account ci@example\.org: ws-ci \(pro\)/);
    assert.doesNotMatch(cli.stderr.text, /dev@example\.com/);
    assert.match(cli.stderr.text, /admin API: off/);
    assert.equal(await cli.stop(), 0);
  });

  it('warns when listening beyond loopback', async () => {
    const cli = await start(['--host', '0.0.0.0', '--access-token-ttl', '300']);
    await cli.stderr.until(/Ctrl\+C/);
    assert.match(cli.stderr.text, /^warning: --host 0\.0\.0\.0 makes this issuer reachable from other machines/m);
    assert.match(cli.stderr.text, /^warning: access tokens that live 300 s \(300 s or less\) make the official Codex CLI refresh in a tight loop/m);
    assert.match(cli.stdout.text, /^http:\/\/0\.0\.0\.0:\d+\n/);
    assert.equal(await cli.stop(), 0);
  });

  it('fails with one clear line for bad input', async () => {
    const cases: Array<[string[], RegExp, number]> = [
      [['--bogus'], /^codex-auth issuer: unknown option --bogus \(see --help\)\n$/, 2],
      [['--port'], /^codex-auth issuer: --port needs a value/, 2],
      [['--port', 'abc'], /^codex-auth issuer: --port must be a number, not "abc"\n$/, 2],
      [['--port', '70000'], /^codex-auth issuer: port must be a whole number from 0 to 65535\n$/, 1],
      [['--access-token-ttl', '-5'], /^codex-auth issuer: accessTokenTtlSeconds must be a positive number of seconds\n$/, 1],
    ];
    for (const [argv, re, code] of cases) {
      const cli = await start(argv);
      assert.equal(await cli.done, code, argv.join(' '));
      assert.match(cli.stderr.text, re);
      assert.equal(cli.stdout.text, '');
    }
    const missing = await start(['--config', '/nonexistent.json'], async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    });
    assert.equal(await missing.done, 1);
    assert.equal(missing.stderr.text, 'codex-auth issuer: cannot read --config /nonexistent.json: no such file\n');
    const badJson = await start(['--config', 'x.json'], async () => '{nope');
    assert.equal(await badJson.done, 1);
    assert.match(badJson.stderr.text, /it is not valid JSON\n$/);
    const badAccount = await start(['--config', 'x.json'], async () => '[{"email":"not-an-email"}]');
    assert.equal(await badAccount.done, 1);
    assert.match(badAccount.stderr.text, /every account needs an "email"/);
    const badWorkspaces = await start(['--config', 'x.json'], async () => '[{"email":"a@example.com","workspaces":"ws-1"}]');
    assert.equal(await badWorkspaces.done, 1);
    assert.equal(badWorkspaces.stderr.text, 'codex-auth issuer: account a@example.com: "workspaces" must be an array of workspace ids or objects\n');
  });

  it('reports a busy port in one line', async () => {
    const first = await start(['--port', '0']);
    await first.stderr.until(/Ctrl\+C/);
    const port = new URL(first.stdout.text.split('\n')[0]!).port;
    const second = await start(['--port', port]);
    assert.equal(await second.done, 1);
    assert.equal(second.stderr.text, `codex-auth issuer: port ${port} on 127.0.0.1 is already in use: pick another with --port (0 picks a free one)\n`);
    await first.stop();
  });

  it('prints help', async () => {
    const cli = await start(['--help']);
    assert.equal(await cli.done, 0);
    assert.match(cli.stdout.text, /^Usage: codex-auth issuer \[options\]/);
  });
});
