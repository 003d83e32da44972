// The exchange through our exact HTTP client against loopback servers (no official binary): the
// request's header lines and form body exactly (§1.4), no redirect followed, a reply that never
// comes is "unavailable" (timeout injected small), gzip decoded, the body never shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createExactClient } from '../../../src/net/exact-request.js';
import { exchangeAssertion } from '../../../src/workload/exchange.js';

function jwt(claims: object): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'none' })}.${b(claims)}.s`;
}
const OK = JSON.stringify({
  access_token: jwt({ 'https://api.openai.com/auth': { chatgpt_user_id: 'u' } }),
  issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
  token_type: 'BEARER',
  expires_in: 3600,
  scope: 's',
  chatgpt_account_id: 'a',
  chatgpt_account_user_id: 'au',
  user_id: 'u',
});

async function server(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const seen: Array<{ raw: string[]; line: string; body: string }> = [];
  const open = new Set<ServerResponse>();
  const s = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      seen.push({ raw: req.rawHeaders, line: `${req.method} ${req.url}`, body });
      open.add(res);
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/oauth/token`;
  return {
    url,
    seen,
    close: async () => {
      for (const r of open) r.destroy();
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    },
  };
}

const client = createExactClient({ env: {} });

test('request: exactly content-type, accept, accept-encoding, host, content-length; the form in the official order', async () => {
  const srv = await server((_req, _b, res) => res.writeHead(200).end(OK));
  const token = await exchangeAssertion({ client, config: { ruleId: 'fr 1', context: 'a&b=c é', tokenUrl: srv.url }, assertion: 'hello world' });
  assert.equal(token.lifetimeSeconds, 3600);
  await exchangeAssertion({ client, config: { ruleId: 'fr', tokenUrl: srv.url }, assertion: 'x' });
  await srv.close();
  const host = new URL(srv.url).host;
  const [a, b] = srv.seen;
  assert.equal(a!.line, 'POST /oauth/token');
  assert.deepEqual(a!.raw, ['content-type', 'application/x-www-form-urlencoded', 'accept', '*/*', 'accept-encoding', 'zstd,gzip', 'host', host, 'content-length', String(Buffer.byteLength(a!.body))]);
  assert.equal(a!.body, 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=hello+world&federation_rule_id=fr+1&workload_identity_context=a%26b%3Dc+%C3%A9');
  assert.equal(b!.body, 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=x&federation_rule_id=fr');
});

test('a redirect is not followed; a non-2xx never shows its body; gzip is decoded', async () => {
  let n = 0;
  const srv = await server((_req, _b, res) => {
    n++;
    if (n === 1) res.writeHead(307, { location: '/elsewhere' }).end(OK);
    else if (n === 2) res.writeHead(400).end('{"error":"secret-detail"}');
    else res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(OK));
  });
  const config = { ruleId: 'r', tokenUrl: srv.url };
  await assert.rejects(exchangeAssertion({ client, config, assertion: 'a' }), { message: 'the workload identity token exchange was rejected with HTTP 307' });
  await assert.rejects(exchangeAssertion({ client, config, assertion: 'a' }), (e: Error) => e.message === 'the workload identity token exchange was rejected with HTTP 400' && !JSON.stringify(e).includes('secret'));
  assert.equal((await exchangeAssertion({ client, config, assertion: 'a' })).userId, 'u');
  assert.equal(srv.seen.length, 3);
  await srv.close();
});

test('a zstd reply is decoded on Node 20 too (the one decoder of every auth reply), an unknown coding is an invalid response', async () => {
  const { zstdStored } = await import('../../../src/issuer/compression.js');
  let n = 0;
  const srv = await server((_req, _b, res) => {
    n++;
    if (n === 1) res.writeHead(200, { 'content-encoding': 'zstd' }).end(zstdStored(Buffer.from(OK)));
    else res.writeHead(200, { 'content-encoding': 'br' }).end(OK);
  });
  const config = { ruleId: 'r', tokenUrl: srv.url };
  assert.equal((await exchangeAssertion({ client, config, assertion: 'a' })).userId, 'u');
  await assert.rejects(exchangeAssertion({ client, config, assertion: 'a' }), { message: 'the workload identity token exchange returned an invalid response' });
  await srv.close();
});

test('no reply within the limit, or nobody listening: unavailable (transient)', async () => {
  const srv = await server(() => {});
  await assert.rejects(exchangeAssertion({ client, config: { ruleId: 'r', tokenUrl: srv.url }, assertion: 'a', timeoutMs: 300 }), (e: Error & { details?: Record<string, unknown> }) => {
    assert.equal(e.message, 'the workload identity token exchange is unavailable');
    assert.equal(e.details?.['transient'], true);
    return true;
  });
  await srv.close();
  await assert.rejects(exchangeAssertion({ client, config: { ruleId: 'r', tokenUrl: srv.url }, assertion: 'a' }), { message: 'the workload identity token exchange is unavailable' });
});

test('https without a proxy: trusted only through CODEX_CA_CERTIFICATE (else unavailable)', async () => {
  const { makePki } = await import('../../helpers/net-fixtures.js');
  const { tempDir } = await import('../../helpers/run.js');
  const { readFileSync } = await import('node:fs');
  const { createServer: createHttpsServer } = await import('node:https');
  const tmp = tempDir('codex-auth-wif-tls-');
  const pki = makePki(join(tmp.path, 'pki'));
  const srv = createHttpsServer({ key: readFileSync(pki.leafKey), cert: readFileSync(pki.leafPem) }, (req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end(OK));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const tokenUrl = `https://127.0.0.1:${(srv.address() as AddressInfo).port}/oauth/token`;
  const trusted = createExactClient({ env: { CODEX_CA_CERTIFICATE: pki.caPem } });
  assert.equal((await exchangeAssertion({ client: trusted, config: { ruleId: 'r', tokenUrl }, assertion: 'a' })).accountId, 'a');
  await assert.rejects(exchangeAssertion({ client: createExactClient({ env: {} }), config: { ruleId: 'r', tokenUrl }, assertion: 'a' }), { message: 'the workload identity token exchange is unavailable' });
  srv.closeAllConnections();
  await new Promise<void>((r) => srv.close(() => r()));
  tmp.cleanup();
});
