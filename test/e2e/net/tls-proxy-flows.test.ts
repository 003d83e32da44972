// Issue 5, done-when: an issuer behind HTTPS signed by a CA made here is trusted only through
// CODEX_CA_CERTIFICATE / SSL_CERT_FILE, and sign-in (device flow), refresh, revoke and a secure
// WebSocket all work through a loopback CONNECT proxy that records every tunnel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startIssuer } from '../../../src/issuer/index.js';
import { createAuthManager } from '../../../src/index.js';
import { makePki, startEchoServer, startProxy, type Pki } from '../../helpers/net-fixtures.js';
import { baseEnv, ourBin, runOurs, tempDir } from '../../helpers/run.js';

/** A TLS front (leaf signed by the test CA) that forwards every request to the plain-HTTP issuer. */
async function tlsFront(pki: Pki, target: () => number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpsServer({ key: readFileSync(pki.leafKey), cert: readFileSync(pki.leafPem) }, (req, res) => {
    const targetPort = target();
    const upstream = httpRequest(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${targetPort}` } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test('device sign-in, refresh, revoke and WSS through a CONNECT proxy to an issuer signed by a custom CA', async (t) => {
  const tmp = tempDir();
  const home = tempDir();
  const pki = makePki(join(tmp.path, 'pki'));
  // The issuer's public URL is the TLS front's (device redirect URIs and provenance use it).
  let issuerPort = 0;
  const front = await tlsFront(pki, () => issuerPort);
  const issuer = await startIssuer({ admin: true, deviceIntervalSeconds: 1, publicUrl: front.url });
  issuerPort = issuer.port;
  const proxy = await startProxy();
  const echo = await startEchoServer(pki);
  t.after(async () => {
    await Promise.all([echo.close(), proxy.close(), front.close(), issuer.close()]);
    tmp.cleanup();
    home.cleanup();
  });
  const frontTunnel = `CONNECT ${front.url.slice('https://'.length)}`;
  const tunnels = (): number => proxy.seen.filter((s) => s === frontTunnel).length;
  const proxied = { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: '', SSL_CERT_FILE: undefined, SSL_CERT_DIR: undefined };

  // Without the CA the issuer is not trusted: the strict login client fails before any sign-in.
  const untrusted = await runOurs(['login', '--device-auth', '--issuer', front.url], { env: baseEnv(home.path, proxied), timeoutMs: 30_000 });
  assert.equal(untrusted.code, 1);
  assert.equal(untrusted.stderr.trim(), `Error logging in: error sending request for url (${front.url}/api/accounts/deviceauth/usercode)`);

  const tunnelsBeforeLogin = tunnels();

  // With CODEX_CA_CERTIFICATE: the device flow through the proxy, approved on the issuer's page.
  const env = baseEnv(home.path, { ...proxied, CODEX_CA_CERTIFICATE: pki.caPem, NO_COLOR: '1' });
  const child = spawn(process.execPath, [ourBin, 'login', '--device-auth', '--issuer', front.url], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  const deadline = Date.now() + 30_000;
  let userCode: string | undefined;
  while (!userCode && Date.now() < deadline) {
    userCode = /one-time code[^\n]*\n\s+([A-Z0-9-]{6,})/.exec(out)?.[1];
    if (!userCode) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(userCode, `no user code in the prompt: ${out} ${err}`);
  const account = issuer.admin.accounts()[0]!;
  const approve = await fetch(`http://127.0.0.1:${issuer.port}/codex/device/decision`, {
    method: 'POST',
    body: new URLSearchParams({ user_code: userCode, decision: 'allow', account: `${account.userId} ${account.workspaces[0]!.id}` }),
    redirect: 'manual',
  });
  assert.ok(approve.status < 400, `approval answered ${approve.status}`);
  assert.equal(await exited, 0, err);
  assert.match(err, /Successfully logged in/);
  const auth = JSON.parse(readFileSync(join(home.path, 'auth.json'), 'utf8'));
  assert.equal(auth.tokens.oauth_provenance.issuer, front.url);
  const tunnelsAfterLogin = tunnels();
  assert.ok(tunnelsAfterLogin > tunnelsBeforeLogin, `the sign-in was tunnelled (saw ${JSON.stringify(proxy.seen)})`);

  // Refresh (library, to the provenance issuer) and a secure WebSocket, both through the proxy.
  const manager = await createAuthManager({ codexHome: home.path, env });
  const before = issuer.admin.requests({ path: '/oauth/token' }).length;
  await manager.refresh({ reason: 'forced' });
  assert.equal(issuer.admin.requests({ path: '/oauth/token' }).length, before + 1);
  assert.notEqual(JSON.parse(readFileSync(join(home.path, 'auth.json'), 'utf8')).tokens.refresh_token, auth.tokens.refresh_token);
  assert.ok(tunnels() > tunnelsAfterLogin, 'the refresh was tunnelled');
  const ws = await manager.openWebSocket(`wss://127.0.0.1:${echo.port}/echo`);
  const hello = await new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
  assert.match(JSON.parse(hello).auth, /^Bearer /);
  ws.send('ping through the proxy');
  assert.equal(await new Promise<string>((r) => ws.once('message', (d) => r(String(d)))), 'ping through the proxy');
  ws.close();
  assert.ok(proxy.seen.includes(`CONNECT 127.0.0.1:${echo.port}`), 'the WebSocket was tunnelled');
  await manager.close();

  // Logout revokes at the issuer through the proxy, then deletes.
  const out2 = await runOurs(['logout'], { env: { ...env, CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${front.url}/oauth/revoke` }, timeoutMs: 30_000 });
  assert.equal(out2.code, 0, out2.stderr);
  assert.equal(out2.stderr.trim(), 'Successfully logged out');
  assert.equal(issuer.admin.requests({ path: '/oauth/revoke' }).length, 1);
  assert.ok(tunnels() > tunnelsAfterLogin + 1, 'the revoke was tunnelled');
});
