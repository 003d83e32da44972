// Ctrl-C (the flow's AbortSignal) during a hanging request ends the request itself: the server
// sees its connection close while this process carries on, and the flow rejects with the signal's
// reason. (Racing the promise instead would leave the request open until the server gave up.)
// Real HTTP over the project's transport (undici) against a loopback server that never answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from '../../../src/net/transport.js';
import { runDeviceLogin } from '../../../src/login/device/flow.js';
import { checkAccessToken } from '../../../src/login/access-token.js';
import { oauthRefresh } from '../../../src/auth/oauth-calls.js';
import { EphemeralStore } from '../../../src/store/ephemeral-store.js';

const ENV = { NO_PROXY: '127.0.0.1,localhost' };

/** A server answering the device steps and hanging on `hangPath`; `hung` resolves with that request's close. */
async function hangingServer(hangPath: string) {
  let onHang!: (h: { closed: Promise<void> }) => void;
  const hung = new Promise<{ closed: Promise<void> }>((resolve) => (onHang = resolve));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === hangPath) {
        onHang({ closed: new Promise<void>((resolve) => res.on('close', () => resolve())) });
        return; // never answers
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/api/accounts/deviceauth/usercode') res.end('{"device_auth_id":"d-1","user_code":"ABCD-EFGH","interval":"0"}');
      else if (req.url === '/api/accounts/deviceauth/token') res.end('{"authorization_code":"c-1","code_challenge":"x","code_verifier":"v-1"}');
      else res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hung,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const out = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

for (const [step, path] of [
  ['the device user-code request', '/api/accounts/deviceauth/usercode'],
  ['the device token poll', '/api/accounts/deviceauth/token'],
  ['the token request (authorization-code exchange)', '/oauth/token'],
] as const) {
  test(`device sign-in: Ctrl-C during a hanging ${step} closes its connection and rejects with the reason`, { timeout: 20_000 }, async () => {
    const srv = await hangingServer(path);
    const transport = createTransport({ env: ENV, strictCa: true });
    const home = mkdtempSync(join(tmpdir(), 'abort-req-'));
    const ctrl = new AbortController();
    const reason = new Error('interrupted');
    try {
      const login = runDeviceLogin({
        env: ENV,
        now: () => Date.now(),
        stdout: out,
        stderr: out,
        issuer: srv.url,
        clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
        store: new EphemeralStore({ codexHome: home }),
        fetch: transport.fetch,
        signal: ctrl.signal,
        version: '0.0.0',
        sleep: async () => {},
      });
      const outcome = login.then(() => undefined, (e: unknown) => e);
      const { closed } = await srv.hung; // the request is at the server, unanswered
      ctrl.abort(reason);
      await closed; // the server saw the connection close (a raced promise would leave it open)
      assert.equal(await outcome, reason);
    } finally {
      await transport.close();
      await srv.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
}

test('access-token sign-in: Ctrl-C during a hanging whoami closes its connection', { timeout: 20_000 }, async () => {
  const srv = await hangingServer('/v1/user-auth-credential/whoami');
  const transport = createTransport({ env: ENV, strictCa: false });
  const ctrl = new AbortController();
  const reason = new Error('interrupted');
  try {
    const check = checkAccessToken('at-hanging', {
      env: { ...ENV, CODEX_AUTHAPI_BASE_URL: srv.url },
      now: () => Date.now(),
      fetch: transport.fetch,
      headers: {},
      signal: ctrl.signal,
    });
    const outcome = check.then(() => undefined, (e: unknown) => e);
    const { closed } = await srv.hung;
    ctrl.abort(reason);
    await closed;
    assert.equal(await outcome, reason);
  } finally {
    await transport.close();
    await srv.close();
  }
});

test('library refresh: the signal the coordinator passes (its hard cap) reaches the token request', { timeout: 20_000 }, async () => {
  const srv = await hangingServer('/oauth/token');
  const transport = createTransport({ env: ENV, strictCa: false });
  const ctrl = new AbortController();
  try {
    const refresh = oauthRefresh(transport.fetch, ENV)({
      url: `${srv.url}/oauth/token`,
      clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
      refreshToken: 'rt-1',
      reason: 'forced',
      signal: ctrl.signal,
    });
    const outcome = refresh.then(() => undefined, (e: unknown) => e);
    const { closed } = await srv.hung;
    const cap = new Error('cap');
    ctrl.abort(cap);
    await closed;
    assert.equal(await outcome, cap);
  } finally {
    await transport.close();
    await srv.close();
  }
});
