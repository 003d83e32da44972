// The Transport's direct client (node:http, src/net/direct-fetch.ts) against undici@7's fetch, the
// client it stands in for: for the same call, a loopback server must see the same request (method,
// path, header names and values, body) and the caller the same response (status, headers, body,
// url, redirected), including bodies the server compressed and redirects. A request outside the
// plain case goes through undici (the server sees undici's request either way).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync, brotliCompressSync, deflateSync } from 'node:zlib';
import { Agent, fetch as undiciFetch } from 'undici';
import { createTransport } from '../../../src/net/transport.js';
import { prepareDirect } from '../../../src/net/direct-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}

let server: Server;
let other: Server;
let base: string;
let otherBase: string;
const seen: Seen[] = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d: string) => (body += d));
  req.on('end', () => {
    const headers: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!.toLowerCase();
      if (name !== 'host') headers.push([name, req.rawHeaders[i + 1]!]);
    }
    headers.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    seen.push({ method: req.method!, url: req.url!, headers, body });
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/gzip') return void res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }).end(gzipSync('zipped body'));
    if (path === '/br') return void res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync('brotli body'));
    if (path === '/deflate') return void res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync('deflated body'));
    if (path === '/see-other') return void res.writeHead(303, { location: '/landed?x=1' }).end('moved');
    if (path === '/temporary') return void res.writeHead(307, { location: '/landed' }).end();
    if (path === '/elsewhere') return void res.writeHead(302, { location: `${otherBase}/landed` }).end();
    if (path === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (path === '/empty') return void res.writeHead(204).end();
    res.writeHead(path === '/missing' ? 404 : 200, [
      ['content-type', 'application/json'],
      ['x-multi', 'a'],
      ['x-multi', 'b'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    res.end(JSON.stringify({ method: req.method, body }));
  });
}

before(async () => {
  server = createServer(handler);
  other = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  otherBase = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
});
after(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => other.close(r));
});

interface Outcome {
  requests: Seen[];
  status: number;
  statusText: string;
  ok: boolean;
  url: string;
  redirected: boolean;
  headers: [string, string][];
  setCookie: string[];
  body: string;
}

async function outcome(send: () => Promise<Response>): Promise<Outcome> {
  seen.length = 0;
  const res = await send();
  const body = await res.text();
  return {
    requests: [...seen],
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    url: res.url,
    redirected: res.redirected,
    // date and keep-alive differ from one answer to the next, whoever asks
    headers: [...res.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive'),
    setCookie: res.headers.getSetCookie(),
    body,
  };
}

const cases: [string, string, RequestInit | undefined][] = [
  ['GET, no init', '/plain?q=1', undefined],
  ['POST string body, caller content-type and auth', '/token', { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' } }],
  ['POST string body, default content-type', '/form', { method: 'post', body: 'a=1&b=2' }],
  ['POST URLSearchParams', '/form', { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', x: 'a b' }) }],
  ['POST bytes', '/bytes', { method: 'POST', body: new Uint8Array([104, 105]) }],
  ['POST without body', '/nobody', { method: 'POST' }],
  ['PUT empty string', '/put', { method: 'PUT', body: '' }],
  ['DELETE', '/del', { method: 'DELETE' }],
  ['caller accept, user-agent and accept-encoding win', '/plain', { headers: { accept: 'application/json', 'user-agent': 'codex_cli_rs/0.1', 'accept-encoding': 'identity' } }],
  ['header pairs with whitespace to trim', '/pairs', { headers: [['x-one', '  1 '], ['x-two', '2']] }],
  ['404 with a body', '/missing', undefined],
  ['204', '/empty', { method: 'DELETE' }],
  ['gzip body', '/gzip', undefined],
  ['br body', '/br', undefined],
  ['deflate body', '/deflate', undefined],
  ['303 after a POST becomes a GET without the body headers', '/see-other', { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
  ['307 keeps method and body', '/temporary', { method: 'POST', body: 'keep' }],
  ['cross-origin redirect drops authorization', '/elsewhere', { headers: { authorization: 'Bearer secret', 'x-keep': 'yes' } }],
  ['manual redirect returns the 303 itself', '/see-other', { redirect: 'manual' }],
];

for (const [name, path, init] of cases) {
  test(`direct client = undici fetch: ${name}`, async () => {
    assert.ok(prepareDirect(new URL(base + path), init), 'this case must take the direct client');
    const t = createTransport({ env: {}, strictCa: true });
    const agent = new Agent();
    try {
      const ours = await outcome(() => t.fetch(base + path, init));
      const theirs = await outcome(async () => (await undiciFetch(base + path, { ...(init as object), dispatcher: agent } as never)) as unknown as Response);
      assert.deepEqual(ours, theirs);
    } finally {
      await t.close();
      await agent.close();
    }
  });
}

test('outside the plain case (a stream body, other init fields, special headers) the request goes through undici', () => {
  const u = new URL(`${base}/x`);
  assert.equal(prepareDirect(u, { method: 'POST', body: new ReadableStream(), duplex: 'half' } as RequestInit), undefined);
  assert.equal(prepareDirect(u, { cache: 'no-store' } as RequestInit), undefined);
  assert.equal(prepareDirect(u, { headers: { range: 'bytes=0-1' } }), undefined);
  assert.equal(prepareDirect(u, { headers: { 'x-a': '1', 'X-A': '2' } }), undefined);
  assert.equal(prepareDirect(new URL('http://u:p@127.0.0.1/'), undefined), undefined);
  assert.equal(prepareDirect(u, { method: 'GET', body: 'x' }), undefined);
  assert.ok(prepareDirect(u, { method: 'POST', body: 'x', signal: new AbortController().signal, redirect: 'follow' }));
});

test('a redirect loop and redirect: "error" fail like undici (net.request), an abort rejects with the reason', async () => {
  const t = createTransport({ env: {}, strictCa: true });
  try {
    await assert.rejects(t.fetch(`${base}/loop`), (e: unknown) => (e as { code?: string }).code === 'net.request' && (e as Error).message === `error sending request for url (${base}/loop)`);
    await assert.rejects(t.fetch(`${base}/see-other`, { redirect: 'error' }), (e: unknown) => (e as { code?: string }).code === 'net.request');
    const ac = new AbortController();
    const reason = new DOMException('stop', 'AbortError');
    const p = t.fetch(`${base}/plain`, { signal: ac.signal });
    ac.abort(reason);
    await assert.rejects(p, (e: unknown) => e === reason);
  } finally {
    await t.close();
  }
});

test('the direct Response: body stream, clone, bodyUsed, immutable headers', async () => {
  const t = createTransport({ env: {}, strictCa: true });
  try {
    const res = await t.fetch(`${base}/plain`);
    const copy = res.clone();
    assert.equal(res.bodyUsed, false);
    const chunks: Uint8Array[] = [];
    for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
    assert.equal(Buffer.concat(chunks).toString(), '{"method":"GET","body":""}');
    assert.deepEqual(await copy.json(), { method: 'GET', body: '' });
    assert.equal(copy.bodyUsed, true);
    await assert.rejects(copy.text(), TypeError);
    assert.equal(res.headers.get('X-Multi'), 'a, b');
    assert.throws(() => res.headers.set('x', 'y'), TypeError);
  } finally {
    await t.close();
  }
});
