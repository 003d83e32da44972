// The machine-wide lock that keeps concurrent copies of the 1455/1457 tests (other checkouts on the
// same host) from cancelling each other's logins: it must exclude another process, release, and
// refuse to start while a lock-less process still holds a fixed port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { holdFixedPorts } from '../../helpers/fixed-ports.js';
import { tempDir } from '../../helpers/run.js';

const helperUrl = pathToFileURL(join(import.meta.dirname, '../../helpers/fixed-ports.ts')).href;

test('a second process waits for the lock and gets it once the first releases it', async (t) => {
  const d = tempDir('codex-auth-ports-lock-');
  t.after(d.cleanup);
  const path = join(d.path, 'ports.lock');
  const code = `
    const { holdFixedPorts } = await import(${JSON.stringify(helperUrl)});
    const release = await holdFixedPorts({ path: ${JSON.stringify(path)}, ports: [] });
    process.stdout.write('held\\n');
    process.stdin.resume();
    process.stdin.on('end', async () => { await release(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (s: string) => s.includes('held') && resolve());
    void exited.then((c) => reject(new Error(`lock holder exited early (${c})`)));
  });

  await assert.rejects(holdFixedPorts({ path, ports: [], timeoutMs: 200 }), /^Error: another test run held .+ports\.lock for 200 ms; wait for it to finish, then run again$/);

  child.stdin.end();
  assert.equal(await exited, 0);
  const release = await holdFixedPorts({ path, ports: [], timeoutMs: 5_000 });
  await release();
});

test('a fixed port still held by a process outside the lock: a one-line refusal, and the lock is let go', async (t) => {
  const d = tempDir('codex-auth-ports-lock-');
  t.after(d.cleanup);
  const path = join(d.path, 'ports.lock');
  const squatter = createServer();
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
  const port = (squatter.address() as AddressInfo).port;

  await assert.rejects(
    holdFixedPorts({ path, ports: [port], portWaitMs: 200 }),
    (e: Error) => e.message === `127.0.0.1:${port} is held by a process outside ${path} (an older copy of the fixed-port tests?); stop it and run again`,
  );
  await new Promise<void>((r) => squatter.close(() => r()));
  // The refusal released the lock; with the port free, the hold succeeds.
  const release = await holdFixedPorts({ path, ports: [port], timeoutMs: 5_000 });
  await release();
});
