// End to end: real HTTPS and WSS servers signed by a throwaway CA, reached through our Transport
// with only the injected env deciding trust and proxying (never the process's SSL_CERT_FILE).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { createTransport } from '../../../src/net/transport.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { makePki, startEchoServer, startProxy, type EchoServer, type Pki, type RecordingProxy } from '../../helpers/net-fixtures.js';

let dir: string;
let pki: Pki;
let https: EchoServer;
let plain: EchoServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codex-auth-net-e2e-'));
  pki = makePki(dir);
  https = await startEchoServer(pki);
  plain = await startEchoServer(null);
});
after(async () => {
  await https.close();
  await plain.close();
  rmSync(dir, { recursive: true, force: true });
});

function firstMessage(ws: WebSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    ws.once('message', (d) => resolve(d.toString()));
    ws.once('error', reject);
  });
}

async function echo(ws: WebSocket, text: string): Promise<string> {
  const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
  ws.send(text);
  return reply;
}

describe('HTTPS trust comes only from the injected env', () => {
  test('untrusted without a bundle: rejects with the reference text, URL redacted', async () => {
    const t = createTransport({ env: {}, strictCa: true });
    try {
      const url = `https://127.0.0.1:${https.port}/oauth/token?code=abc123&keep=1`;
      await assert.rejects(t.fetch(url), (e: unknown) => {
        assert.ok(isCodexAuthError(e, 'net.request'));
        assert.equal(e.message, `error sending request for url (https://127.0.0.1:${https.port}/oauth/token?code=<redacted>&keep=1)`);
        assert.ok(!e.message.includes('abc123'));
        return true;
      });
    } finally {
      await t.close();
    }
  });

  for (const [name, env] of [
    ['CODEX_CA_CERTIFICATE', () => ({ CODEX_CA_CERTIFICATE: pki.caPem })],
    ['SSL_CERT_FILE', () => ({ SSL_CERT_FILE: pki.caPem })],
    ['CODEX_CA_CERTIFICATE wins over a missing SSL_CERT_FILE', () => ({ CODEX_CA_CERTIFICATE: pki.caPem, SSL_CERT_FILE: join(dir, 'missing.pem') })],
    ['empty CODEX_CA_CERTIFICATE counts as unset', () => ({ CODEX_CA_CERTIFICATE: '', SSL_CERT_FILE: pki.caPem })],
    ['a bundle of several certificates', () => ({ CODEX_CA_CERTIFICATE: pki.files['bundle.pem'] })],
    ['TRUSTED CERTIFICATE', () => ({ CODEX_CA_CERTIFICATE: pki.files['trusted.pem'] })],
    ['a bundle with a CRL', () => ({ CODEX_CA_CERTIFICATE: pki.files['with-crl.pem'] })],
    ['key + cert in one file', () => ({ CODEX_CA_CERTIFICATE: pki.files['key-and-cert.pem'] })],
    ['CRLF line ends', () => ({ SSL_CERT_FILE: pki.files['crlf.pem'] })],
    ['leading text', () => ({ SSL_CERT_FILE: pki.files['leading-text.pem'] })],
    ['SSL_CERT_FILE still trusted as a system root when CODEX_CA_CERTIFICATE is another CA', () => ({ CODEX_CA_CERTIFICATE: pki.otherCaPem, SSL_CERT_FILE: pki.caPem })],
  ] as const) {
    test(`trusted with ${name}`, async () => {
      const t = createTransport({ env: env(), strictCa: true });
      try {
        const res = await t.fetch(`https://127.0.0.1:${https.port}/hello`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(res.status, 200);
        const got = (await res.json()) as { method: string; url: string; body: string };
        assert.deepEqual([got.method, got.url, got.body], ['POST', '/hello', 'x=1']);
      } finally {
        await t.close();
      }
    });
  }

  test('an unrelated CA or a leaf alone does not make the server trusted', async () => {
    for (const file of [pki.otherCaPem, pki.files['leaf-only.pem']!]) {
      const t = createTransport({ env: { CODEX_CA_CERTIFICATE: file }, strictCa: true });
      await assert.rejects(t.fetch(`https://localhost:${https.port}/`), (e: unknown) => isCodexAuthError(e, 'net.request'));
      await t.close();
    }
  });

  test('a whitespace-only value is a path, not trimmed', async () => {
    const t = createTransport({ env: { CODEX_CA_CERTIFICATE: '  ', SSL_CERT_FILE: pki.caPem }, strictCa: true });
    await assert.rejects(t.fetch(`https://127.0.0.1:${https.port}/`), (e: unknown) => {
      assert.ok(isCodexAuthError(e, 'net.ca_read'));
      assert.ok(e.message.startsWith("Failed to read CA certificate file    selected by CODEX_CA_CERTIFICATE: No such file or directory (os error 2). If you set"), e.message);
      return true;
    });
    await t.close();
  });

  test('strict: a bad bundle rejects with the CA error; lenient: warns once and uses system roots', async () => {
    const bad = pki.files['garbage.pem']!;
    const strict = createTransport({ env: { SSL_CERT_FILE: bad }, strictCa: true });
    await assert.rejects(strict.fetch(`http://127.0.0.1:${plain.port}/`), (e: unknown) => isCodexAuthError(e, 'net.ca_parse'));
    await strict.close();

    const warnings: string[] = [];
    const lenient = createTransport({ env: { SSL_CERT_FILE: bad }, strictCa: false, warn: (m) => warnings.push(m) });
    const res = await lenient.fetch(`http://127.0.0.1:${plain.port}/a`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    // The custom CA was not loaded, so the test CA's server stays untrusted.
    await assert.rejects(lenient.fetch(`https://127.0.0.1:${https.port}/`), (e: unknown) => isCodexAuthError(e, 'net.request'));
    assert.equal(warnings.length, 1);
    assert.equal(
      warnings[0],
      `warning: Failed to load CA certificates from ${bad} selected by SSL_CERT_FILE: no certificates found in PEM file. If you set CODEX_CA_CERTIFICATE or SSL_CERT_FILE, ensure it points to a PEM file containing one or more CERTIFICATE blocks, or unset it to use system roots. Falling back to the system root certificates.`,
    );
    await lenient.close();
  });

  test('nothing is read before the first request; a closed transport refuses new requests', async () => {
    const warnings: string[] = [];
    const t = createTransport({ env: { CODEX_CA_CERTIFICATE: join(dir, 'missing.pem') }, strictCa: false, warn: (m) => warnings.push(m) });
    await t.close();
    assert.deepEqual(warnings, []);
    await assert.rejects(t.fetch(`http://127.0.0.1:${plain.port}/`), (e: unknown) => isCodexAuthError(e, 'net.closed'));
  });

  test('an aborted request rejects with the AbortError itself', async () => {
    const t = createTransport({ env: {}, strictCa: true });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(t.fetch(`http://127.0.0.1:${plain.port}/`, { signal: ac.signal }), (e: unknown) => (e as Error).name === 'AbortError');
    await t.close();
  });
});

describe('WSS uses the same CA', () => {
  test('trusted with CODEX_CA_CERTIFICATE: headers and protocols reach the server, echo works', async () => {
    const t = createTransport({ env: { CODEX_CA_CERTIFICATE: pki.caPem }, strictCa: true });
    const ws = await t.openWebSocket(`wss://localhost:${https.port}/socket?x=1`, { headers: { authorization: 'Bearer test-access' }, protocols: ['codex'] });
    try {
      const hello = JSON.parse(await firstMessage(ws)) as { hello: string; protocol: string; auth: string };
      assert.deepEqual(hello, { hello: '/socket?x=1', protocol: 'codex', auth: 'Bearer test-access' });
      assert.equal(await echo(ws, 'ping-1'), 'ping-1');
    } finally {
      ws.terminate();
      await t.close();
    }
  });

  test('untrusted without the bundle: rejects with a redacted URL', async () => {
    const t = createTransport({ env: {}, strictCa: true });
    await assert.rejects(t.openWebSocket(`wss://127.0.0.1:${https.port}/s?token=secret-1`), (e: unknown) => {
      assert.ok(isCodexAuthError(e, 'net.request'));
      assert.equal(e.message, `error sending request for url (wss://127.0.0.1:${https.port}/s?token=<redacted>)`);
      return true;
    });
    await t.close();
  });

  test('a non-101 answer is reported with its status', async () => {
    const t = createTransport({ env: {}, strictCa: true });
    // The plain echo server answers a non-upgrade GET... but ws upgrades; use a path the WSS server rejects:
    const other = await startEchoServer(null);
    other.server.removeAllListeners('upgrade');
    other.server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
    await assert.rejects(t.openWebSocket(`ws://127.0.0.1:${other.port}/`), (e: unknown) => {
      assert.ok(isCodexAuthError(e, 'net.websocket_status'));
      assert.equal(e.message, 'WebSocket handshake failed with status 403 Forbidden');
      return true;
    });
    await other.close();
    await t.close();
  });
});

describe('through a CONNECT proxy', () => {
  let proxy: RecordingProxy;
  before(async () => {
    proxy = await startProxy();
  });
  after(async () => {
    await proxy.close();
  });

  test('HTTPS fetch is tunnelled (the proxy saw the CONNECT) and trusted via the bundle', async () => {
    proxy.seen.length = 0;
    const t = createTransport({ env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, CODEX_CA_CERTIFICATE: pki.caPem }, strictCa: true });
    try {
      const res = await t.fetch(`https://localhost:${https.port}/via-proxy`);
      assert.equal(((await res.json()) as { url: string }).url, '/via-proxy');
      assert.deepEqual(proxy.seen, [`CONNECT localhost:${https.port}`]);
    } finally {
      await t.close();
    }
  });

  test('WSS is tunnelled too, with proxy credentials from the URL', async () => {
    proxy.seen.length = 0;
    proxy.auth.length = 0;
    const t = createTransport({ env: { https_proxy: `http://user%40x:p%3Ass@127.0.0.1:${proxy.port}`, CODEX_CA_CERTIFICATE: pki.caPem }, strictCa: true });
    const ws = await t.openWebSocket(`wss://localhost:${https.port}/ws`);
    try {
      assert.equal(JSON.parse(await firstMessage(ws)).hello, '/ws');
      assert.equal(await echo(ws, 'through the tunnel'), 'through the tunnel');
      assert.deepEqual(proxy.seen, [`CONNECT localhost:${https.port}`]);
      assert.deepEqual(proxy.auth, [`Basic ${Buffer.from('user@x:p:ss').toString('base64')}`]);
    } finally {
      ws.terminate();
      await t.close();
    }
  });

  test('plain HTTP goes to HTTP_PROXY as an absolute-form request; ws:// is tunnelled', async () => {
    proxy.seen.length = 0;
    const t = createTransport({ env: { HTTP_PROXY: `127.0.0.1:${proxy.port}` }, strictCa: true });
    try {
      const res = await t.fetch(`http://127.0.0.1:${plain.port}/p?q=1`);
      assert.equal(((await res.json()) as { url: string }).url, '/p?q=1');
      const ws = await t.openWebSocket(`ws://127.0.0.1:${plain.port}/w`);
      assert.equal(JSON.parse(await firstMessage(ws)).hello, '/w');
      ws.terminate();
      assert.deepEqual(proxy.seen, [`GET http://127.0.0.1:${plain.port}/p?q=1`, `CONNECT 127.0.0.1:${plain.port}`]);
    } finally {
      await t.close();
    }
  });

  test('NO_PROXY bypasses the proxy for fetch and WebSocket', async () => {
    proxy.seen.length = 0;
    const t = createTransport({ env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: 'localhost,127.0.0.1', CODEX_CA_CERTIFICATE: pki.caPem }, strictCa: true });
    try {
      const res = await t.fetch(`https://localhost:${https.port}/direct`);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      const ws = await t.openWebSocket(`wss://127.0.0.1:${https.port}/direct`);
      ws.terminate();
      assert.deepEqual(proxy.seen, []);
    } finally {
      await t.close();
    }
  });

  test('a proxy that refuses the CONNECT fails the request', async () => {
    const refusing = await startProxy({ refuseWith: 407 });
    const t = createTransport({ env: { HTTPS_PROXY: `http://127.0.0.1:${refusing.port}`, CODEX_CA_CERTIFICATE: pki.caPem }, strictCa: true });
    await assert.rejects(t.fetch(`https://localhost:${https.port}/`), (e: unknown) => isCodexAuthError(e, 'net.request'));
    await assert.rejects(t.openWebSocket(`wss://localhost:${https.port}/`), (e: unknown) => isCodexAuthError(e, 'net.request'));
    assert.deepEqual(refusing.seen, [`CONNECT localhost:${https.port}`, `CONNECT localhost:${https.port}`]);
    await t.close();
    await refusing.close();
  });

  test('an https:// proxy is trusted through the same CA bundle, for fetch and WebSocket', async () => {
    const tlsProxy = await startProxy({ tls: pki });
    const env = { HTTPS_PROXY: `https://localhost:${tlsProxy.port}`, CODEX_CA_CERTIFICATE: pki.caPem };
    const t = createTransport({ env, strictCa: true });
    try {
      const res = await t.fetch(`https://localhost:${https.port}/tls-proxy`);
      assert.equal(((await res.json()) as { url: string }).url, '/tls-proxy');
      const ws = await t.openWebSocket(`wss://localhost:${https.port}/tls-proxy-ws`);
      assert.equal(JSON.parse(await firstMessage(ws)).hello, '/tls-proxy-ws');
      ws.terminate();
      assert.deepEqual(tlsProxy.seen, [`CONNECT localhost:${https.port}`, `CONNECT localhost:${https.port}`]);
    } finally {
      await t.close();
    }
    // Without the bundle the proxy's own certificate is not trusted.
    const untrusted = createTransport({ env: { HTTPS_PROXY: env.HTTPS_PROXY }, strictCa: true });
    await assert.rejects(untrusted.fetch(`https://localhost:${https.port}/`), (e: unknown) => isCodexAuthError(e, 'net.request'));
    await assert.rejects(untrusted.openWebSocket(`wss://localhost:${https.port}/`), (e: unknown) => isCodexAuthError(e, 'net.request'));
    await untrusted.close();
    await tlsProxy.close();
  });

  test('a socks proxy is refused with a clear error', async () => {
    const t = createTransport({ env: { ALL_PROXY: 'socks5://127.0.0.1:1' }, strictCa: true });
    await assert.rejects(t.fetch(`https://localhost:${https.port}/`), (e: unknown) => {
      assert.ok(isCodexAuthError(e, 'net.proxy_unsupported'));
      assert.equal(e.message, 'Unsupported proxy scheme socks5 in ALL_PROXY: codex-auth supports http:// and https:// proxies. Set ALL_PROXY to an http:// proxy URL or unset it.');
      return true;
    });
    await t.close();
  });
});
