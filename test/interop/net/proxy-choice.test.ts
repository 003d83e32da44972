// Which proxy the official binary uses for an https request, for tricky env combinations, and
// that our proxyForUrl picks the same one. Each run points the device flow at https://localhost:1
// (resolved from /etc/hosts, refused when reached directly); recording proxies answer every
// CONNECT with 502, so nothing leaves 127.0.0.1. (Domain-suffix NO_PROXY matching was checked by
// hand against the binary and is covered by the unit tests, since it needs a non-local name.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { proxyForUrl } from '../../../src/net/proxy.js';
import { baseEnv, runOfficial, tempDir } from '../../helpers/run.js';

const NAMES = ['A', 'B', 'C', 'D'] as const;
let tmp: { path: string; cleanup: () => void };
const servers: Server[] = [];
const ports: Record<string, number> = {};
const seen: Record<string, string[]> = {};

before(async () => {
  tmp = tempDir('codex-auth-proxy-interop-');
  for (const name of NAMES) {
    seen[name] = [];
    const s = createServer((_req, res) => res.writeHead(502).end());
    s.on('connect', (req, socket) => {
      seen[name]!.push(String(req.url));
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    ports[name] = (s.address() as AddressInfo).port;
    servers.push(s);
  }
});
after(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  tmp.cleanup();
});

const TARGET = 'https://localhost:1';

test('the official binary and proxyForUrl choose the same proxy', async () => {
  const p = (n: string): string => `http://127.0.0.1:${ports[n]}`;
  const cases: Record<string, string>[] = [
    { HTTPS_PROXY: p('A'), https_proxy: p('B') },
    { https_proxy: p('B') },
    { ALL_PROXY: p('C'), all_proxy: p('D') },
    { ALL_PROXY: p('C'), HTTP_PROXY: p('A') },
    { HTTPS_PROXY: '', https_proxy: p('B') },
    { https_proxy: p('B'), NO_PROXY: 'localhost' },
    { https_proxy: p('B'), NO_PROXY: ' foo , LOCALHOST ' },
    { https_proxy: p('B'), NO_PROXY: 'foo', no_proxy: 'localhost' },
    { https_proxy: p('B'), NO_PROXY: '*' },
    { https_proxy: `127.0.0.1:${ports.B}` },
  ];
  for (const [i, extra] of cases.entries()) {
    for (const n of NAMES) seen[n]!.length = 0;
    const home = join(tmp.path, `h${i}`);
    mkdirSync(home);
    const env = baseEnv(home, { NO_PROXY: undefined, SSL_CERT_FILE: undefined, ...extra });
    const r = await runOfficial(['login', '--device-auth', '--experimental_issuer', TARGET], { env, timeoutMs: 20_000 });
    assert.equal(r.code, 1, r.stderr);
    const used = NAMES.filter((n) => seen[n]!.length > 0);
    const ours = proxyForUrl(`${TARGET}/api/accounts/deviceauth/usercode`, extra);
    const oursName = ours ? NAMES.find((n) => ours.url.port === String(ports[n])) : undefined;
    assert.deepEqual(oursName ? [oursName] : [], used, JSON.stringify(extra));
  }
});

test('documented difference: a host:port NO_PROXY entry is ignored by the official binary, honoured by us', async () => {
  for (const n of NAMES) seen[n]!.length = 0;
  const home = join(tmp.path, 'hostport');
  mkdirSync(home);
  const extra = { https_proxy: `http://127.0.0.1:${ports.B}`, NO_PROXY: 'localhost:1' };
  const r = await runOfficial(['login', '--device-auth', '--experimental_issuer', TARGET], {
    env: baseEnv(home, { SSL_CERT_FILE: undefined, ...extra }),
    timeoutMs: 20_000,
  });
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(seen.B, ['localhost:1']);
  assert.equal(proxyForUrl(`${TARGET}/x`, extra), null);
});
