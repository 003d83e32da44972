// `codex-auth issuer` as a process: the base URL alone on the first stdout line, serves the
// protocol, stops cleanly (exit 0) on SIGTERM; bad options give one line and a non-zero exit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { ourBin, runOurs } from '../../helpers/run.js';

describe('codex-auth issuer', () => {
  it('prints its URL first, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [ourBin, 'issuer', '--port', '0', '--admin'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      child.on('close', () => reject(new Error(`exited early: ${stderr}`)));
    });
    try {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const conf = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as { issuer: string };
      assert.equal(conf.issuer, url);
      const minted = await fetch(`${url}/admin/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"account":"dev@example.com"}' });
      assert.equal(minted.status, 201);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.match(stderr, /admin API: on/);
    assert.match(stderr, /codex-auth issuer stopped/);
  });

  it('refuses an unknown option in one line', async () => {
    const r = await runOurs(['issuer', '--nope']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'codex-auth issuer: unknown option --nope (see --help)\n');
    assert.equal(r.stdout, '');
  });
});
