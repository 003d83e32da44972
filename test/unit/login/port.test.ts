// Port hand-over and fallback with injected ports (the real 1455/1457 are tested only in
// test/e2e/login/loopback-1455.test.ts, so that no two files bind them at once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { bindCallbackServer, sendRawCancel } from '../../../src/login/browser/port.js';
import { CallbackServer } from '../../../src/login/browser/callback-server.js';
import { isCodexAuthError } from '../../../src/errors.js';

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const s = createServer();
  const p = await listen(s);
  await close(s);
  return p;
}

test('preferred port busy with a plain server: one /cancel is sent to it, then the fallback is used', async () => {
  const requests: string[] = [];
  const plain = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} host=${req.headers.host} conn=${req.headers.connection}`);
    res.end('nope');
  });
  const busy = await listen(plain);
  const fallback = await freePort();
  const target = createServer();
  const warnings: string[] = [];
  const port = await bindCallbackServer(target, { port: busy, fallbackPort: fallback, attempts: 3, retryDelayMs: 10, warn: (l) => warnings.push(l) });
  assert.equal(port, fallback);
  assert.deepEqual(requests, [`GET /cancel host=127.0.0.1:${busy} conn=close`]);
  assert.deepEqual(warnings, []);
  await close(target);
  await close(plain);
});

test('both ports busy: "Port 127.0.0.1:<fallback> is already in use", no /cancel to the fallback', async () => {
  const hits: number[] = [];
  const a = createServer((req, res) => {
    hits.push(1);
    res.end();
  });
  const b = createServer((req, res) => {
    hits.push(2);
    res.end();
  });
  const pa = await listen(a);
  const pb = await listen(b);
  const target = createServer();
  await assert.rejects(
    bindCallbackServer(target, { port: pa, fallbackPort: pb, attempts: 2, retryDelayMs: 5, warn: () => {} }),
    (e: unknown) => isCodexAuthError(e, 'login.port_in_use') && (e as Error).message === `Port 127.0.0.1:${pb} is already in use`,
  );
  assert.deepEqual(hits, [1]);
  await close(a);
  await close(b);
});

test('a second login server takes the port over from the first via /cancel', async () => {
  const first = new CallbackServer({ state: 's', warn: () => {}, complete: async () => ({ needsSetup: false, platformUrl: 'x' }) });
  const port = await bindCallbackServer(first.server, { port: 0, fallbackPort: null, warn: () => {} });
  first.setPort(port);
  const firstOutcome = first.result.then(
    () => 'ok',
    (e: Error) => e.message,
  );
  const second = createServer();
  const got = await bindCallbackServer(second, { port, fallbackPort: null, attempts: 10, retryDelayMs: 50, warn: () => {} });
  assert.equal(got, port);
  assert.equal(await firstOutcome, 'Login cancelled');
  await close(second);
});

test('a failed /cancel is reported as the reference does and binding goes on', async () => {
  const plain = createServer((req, res) => res.end());
  const busy = await listen(plain);
  const fallback = await freePort();
  const warnings: string[] = [];
  const target = createServer();
  await bindCallbackServer(target, {
    port: busy,
    fallbackPort: fallback,
    attempts: 1,
    sendCancel: async () => {
      throw new Error('connection reset');
    },
    warn: (l) => warnings.push(l),
  });
  assert.deepEqual(warnings, ['Failed to cancel previous login server: connection reset']);
  await close(target);
  await close(plain);
});

test('sendRawCancel fails on a port with nothing listening', async () => {
  await assert.rejects(sendRawCancel(await freePort(), 500));
});

test('an aborted signal stops the retries', async () => {
  const plain = createServer((req, res) => res.end());
  const busy = await listen(plain);
  const ac = new AbortController();
  const target = createServer();
  const p = bindCallbackServer(target, { port: busy, fallbackPort: null, attempts: 1000, retryDelayMs: 20, warn: () => {}, signal: ac.signal });
  setTimeout(() => ac.abort(new Error('interrupted')), 60);
  await assert.rejects(p, /interrupted/);
  await close(plain);
});
