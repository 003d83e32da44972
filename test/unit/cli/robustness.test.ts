// No stack traces: unexpected failures become one line; the login log never blocks a login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../../src/cli/main.js';
import { formatLogLine, logTimestamp, openLoginLog } from '../../../src/cli/login-log.js';
import { fakeIO } from '../../helpers/fake-io.js';
import { runInProc } from '../../helpers/cli-inproc.js';
import { tempDir } from '../../helpers/run.js';

test('an unexpected exception prints one line, exit 1, no stack', async () => {
  const io = fakeIO();
  const env = new Proxy({}, { get: () => { throw new Error('boom\n    at somewhere (file.js:1:1)'); } });
  const code = await main({ argv: ['login', 'status'], env, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, now: io.now });
  assert.equal(code, 1);
  assert.equal(io.err(), 'codex-auth: internal error: boom\n');
});

test('a stdin read error: Failed to read stdin, exit 1, nothing written', async () => {
  const d = tempDir();
  try {
    const io = fakeIO({ env: { CODEX_HOME: d.path } });
    const stdin = new Readable({ read() { this.destroy(new Error('EIO: i/o error, read')); } });
    const code = await main({ argv: ['login', '--with-api-key'], env: io.env, stdin, stdout: io.stdout, stderr: io.stderr, now: io.now });
    assert.equal(code, 1);
    assert.equal(io.err(), 'Reading API key from stdin...\nFailed to read stdin: EIO: i/o error, read\n');
  } finally {
    d.cleanup();
  }
});

test('config.toml that cannot be read: one config error line naming the file', async () => {
  const d = tempDir();
  try {
    mkdirSync(join(d.path, 'config.toml'));
    const r = await runInProc(['login', 'status'], d.path);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`^Error loading configuration: failed to read ${join(d.path, 'config.toml')}: .+\\n$`));
  } finally {
    d.cleanup();
  }
});

test('log line format: microsecond timestamp, level padded to 5, target, one line', () => {
  const ms = Date.UTC(2026, 10, 28, 12, 14, 10, 919);
  assert.equal(logTimestamp(ms), '2026-11-28T12:14:10.919000Z');
  assert.equal(formatLogLine(ms, 'INFO', 'codex_cli::login', 'a\nb'), '2026-11-28T12:14:10.919000Z  INFO codex_cli::login: a b\n');
  assert.equal(formatLogLine(ms, 'ERROR', 't', 'x'), '2026-11-28T12:14:10.919000Z ERROR t: x\n');
});

test('a login log that cannot be opened only warns; the login still succeeds', async () => {
  const d = tempDir();
  try {
    writeFileSync(join(d.path, 'log'), 'not a directory');
    const warnings: string[] = [];
    const log = openLoginLog(d.path, () => 0, (l) => warnings.push(l));
    log.info('x');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^Warning: failed to open login log /);
    const r = await runInProc(['login', '--with-api-key'], d.path, { stdin: 'sk-abc' });
    assert.equal(r.code, 0);
    assert.match(r.err, /Warning: failed to open login log .*\nAPI key saved/);
    assert.equal(JSON.parse(readFileSync(join(d.path, 'auth.json'), 'utf8')).OPENAI_API_KEY, 'sk-abc');
  } finally {
    d.cleanup();
  }
});
