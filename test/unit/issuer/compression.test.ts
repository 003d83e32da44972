// The issuer answers compressed (gzip, zstd) when started with `compression` and the client asks,
// or when a fault says `encoding`. Raw bytes are read with node:http (fetch would decode gzip).
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { decompress } from 'fzstd';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { runIssuerCli } from '../../../src/issuer/cli.js';
import { chooseCoding } from '../../../src/issuer/compression.js';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: Buffer;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const JWKS = '/.well-known/jwks.json';
const keysOf = (text: string) => (JSON.parse(text) as { keys: unknown[] }).keys.length;

describe('issuer compression', () => {
  let plain: RunningIssuer;
  let zstdFirst: RunningIssuer;
  let gzipFirst: RunningIssuer;
  before(async () => {
    [plain, zstdFirst, gzipFirst] = await Promise.all([
      startIssuer({ admin: true }),
      startIssuer({ compression: ['zstd', 'gzip'], admin: true }),
      startIssuer({ compression: ['gzip', 'zstd'] }),
    ]);
  });
  after(() => Promise.all([plain.close(), zstdFirst.close(), gzipFirst.close()]));

  it('by default never compresses, even when the client asks', async () => {
    const r = await get(`${plain.url}${JWKS}`, { 'accept-encoding': 'zstd,gzip' });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(keysOf(r.bytes.toString()), 1);
  });

  it('answers the Codex CLI\'s `zstd,gzip` with zstd (a frame any decoder reads), and logs the coding', async () => {
    const r = await get(`${zstdFirst.url}${JWKS}`, { 'accept-encoding': 'zstd,gzip' });
    assert.equal(r.headers['content-encoding'], 'zstd');
    assert.equal(r.headers['vary'], 'accept-encoding');
    assert.equal(Number(r.headers['content-length']), r.bytes.length);
    assert.equal(keysOf(Buffer.from(decompress(r.bytes)).toString()), 1);
    assert.equal(zstdFirst.admin.requests({ path: JWKS }).slice(-1)[0]!.encoding, 'zstd');
  });

  it('follows its own preference among what the client accepts; q=0 and absence mean no', async () => {
    const g = await get(`${gzipFirst.url}${JWKS}`, { 'accept-encoding': 'zstd,gzip' });
    assert.equal(g.headers['content-encoding'], 'gzip');
    assert.equal(keysOf(gunzipSync(g.bytes).toString()), 1);
    const onlyGzip = await get(`${zstdFirst.url}${JWKS}`, { 'accept-encoding': 'gzip, zstd;q=0' });
    assert.equal(onlyGzip.headers['content-encoding'], 'gzip');
    const none = await get(`${zstdFirst.url}${JWKS}`, { 'accept-encoding': 'identity' });
    assert.equal(none.headers['content-encoding'], undefined);
    assert.equal(keysOf(none.bytes.toString()), 1);
    assert.equal(zstdFirst.admin.requests({ path: JWKS }).slice(-1)[0]!.encoding, undefined);
    assert.equal(chooseCoding('*', ['gzip']), 'gzip');
    assert.equal(chooseCoding(undefined, ['zstd', 'gzip']), null);
    assert.equal(chooseCoding('x-gzip', ['zstd', 'gzip']), 'gzip');
  });

  it('never compresses the admin API', async () => {
    const r = await get(`${zstdFirst.url}/admin/faults`, { 'accept-encoding': 'zstd,gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.deepEqual(JSON.parse(r.bytes.toString()), []);
  });

  it('a fault with `encoding` compresses its answer (or the real one) whether the client asked or not', async () => {
    plain.admin.addFault({ path: JWKS, status: 503, body: { error: 'down' }, encoding: 'zstd', times: 1 });
    const faulted = await get(`${plain.url}${JWKS}`);
    assert.equal(faulted.status, 503);
    assert.equal(faulted.headers['content-encoding'], 'zstd');
    assert.deepEqual(JSON.parse(Buffer.from(decompress(faulted.bytes)).toString()), { error: 'down' });
    plain.admin.addFault({ path: JWKS, encoding: 'gzip', times: 1 });
    const real = await get(`${plain.url}${JWKS}`);
    assert.equal(real.status, 200);
    assert.equal(real.headers['content-encoding'], 'gzip');
    assert.equal(keysOf(gunzipSync(real.bytes).toString()), 1);
    assert.throws(() => plain.admin.addFault({ path: JWKS, encoding: 'br' as 'gzip' }), /"encoding" must be "zstd" or "gzip"/);
  });

  it('refuses an unknown coding in the options and on the command line', async () => {
    await assert.rejects(startIssuer({ compression: ['br' as 'gzip'] }), /compression must list content codings among zstd, gzip/);
    let err = '';
    const code = await runIssuerCli({ argv: ['--compress', 'zstd,br'], stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) } });
    assert.equal(code, 2);
    assert.equal(err, 'codex-auth issuer: --compress must list content codings among zstd, gzip\n');
  });
});
