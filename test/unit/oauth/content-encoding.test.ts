// Compressed auth replies (codex-0171-delta.md §5): every auth request says
// `accept-encoding: zstd,gzip` and a zstd or gzip reply is decoded, in send() — the one place.
// The zstd fixture is real libzstd output (`zstd -19`, compressed block with a checksum), so the
// decoder is checked on what a server actually sends, not only on our own encoder's frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { refreshTokens, type RefreshedTokens } from '../../../src/oauth/refresh.js';
import { fetchPatMetadata } from '../../../src/oauth/whoami.js';
import { readText, send } from '../../../src/oauth/send.js';
import { ACCEPT_ENCODING, contentCodings, decodeBody, MAX_DECODED_BYTES, zstdDecodedBound } from '../../../src/oauth/content-encoding.js';
import { zstdStored } from '../../../src/issuer/compression.js';
import { always, fakeServer, type Reply } from './fake-server.js';
import type { CodexAuthError } from '../../../src/errors.js';

const TOKENS_JSON =
  '{"id_token":"header.eyJodHRwczovL2FwaS5vcGVuYWkuY29tL2F1dGgiOnsiY2hhdGdwdF9hY2NvdW50X2lkIjoiYWNjdC16c3RkIn19.sig",' +
  '"access_token":"access-token-zstd-access-token-zstd-access-token-zstd","refresh_token":"refresh-token-zstd-refresh-token-zstd",' +
  '"token_type":"Bearer","expires_in":3600}';
/** `printf %s "$TOKENS_JSON" | zstd -19` (zstd 1.5.4). */
const TOKENS_ZSTD = Buffer.from(
  'KLUv/WQZAI0FADIKIxkweQMWOnYkPDa5EcNOCToCzMkK3QoKCrAE7TAcRXLFnfXnm0yfP9deeVItM68/555f4Aa67GsQ9P7bpl3gdrsLCCE+IFVsB7HoT7ryHr8H' +
    'DDE2GJc+JZw9hNGobrTn4by7OO2u0USJ4GyCVzatZjuNSkMZHJ3juqGUo0dIfYG/1t67yRUfHMtM78sGDSBAglIPGVBwUPCK/YBJgM5hJGBBIDWkiJNyCDjC0AFzD2LhMh4=',
  'base64',
);
const EXPECTED = {
  idToken: 'header.eyJodHRwczovL2FwaS5vcGVuYWkuY29tL2F1dGgiOnsiY2hhdGdwdF9hY2NvdW50X2lkIjoiYWNjdC16c3RkIn19.sig',
  accessToken: 'access-token-zstd-access-token-zstd-access-token-zstd',
  refreshToken: 'refresh-token-zstd-refresh-token-zstd',
};

async function refreshWith(reply: Reply) {
  const srv = await fakeServer(() => reply);
  try {
    const out: { ok?: RefreshedTokens; err?: CodexAuthError } = await refreshTokens({
      fetch,
      url: `${srv.url}/oauth/token`,
      clientId: 'c',
      refreshToken: 'rt-1',
      refreshReason: 'proactive_expiry',
    }).then(
      (ok) => ({ ok }),
      (err: CodexAuthError) => ({ err }),
    );
    return { ...out, request: srv.requests[0]! };
  } finally {
    await srv.close();
  }
}

test('every auth request says accept-encoding: zstd,gzip (the official 0.171.0 value), whatever headers the caller passes', async () => {
  assert.equal(ACCEPT_ENCODING, 'zstd,gzip');
  const r = await refreshWith({ status: 200, body: TOKENS_JSON });
  assert.deepEqual(r.ok, EXPECTED);
  assert.equal(r.request.headers['accept-encoding'], 'zstd,gzip');
  const srv = await fakeServer(always(200, '{}'));
  await send({ fetch, url: srv.url, method: 'GET', headers: { 'Accept-Encoding': 'br' } }).then(readText);
  await srv.close();
  assert.equal(srv.requests[0]!.headers['accept-encoding'], 'zstd,gzip');
});

test('a zstd reply (real libzstd frame) is decoded: refresh reads the tokens', async () => {
  const r = await refreshWith({ status: 200, body: TOKENS_ZSTD, headers: { 'content-encoding': 'zstd' } });
  assert.deepEqual(r.ok, EXPECTED);
});

test('a gzip reply is decoded, and so are stacked codings in either order', async () => {
  const gz = gzipSync(TOKENS_JSON);
  assert.deepEqual((await refreshWith({ status: 200, body: gz, headers: { 'content-encoding': 'gzip' } })).ok, EXPECTED);
  // gzip applied first, then zstd (fetch decodes neither: it gives up on a coding it lacks).
  const gzThenZstd = zstdStored(gzipSync(TOKENS_JSON));
  assert.deepEqual((await refreshWith({ status: 200, body: gzThenZstd, headers: { 'content-encoding': 'gzip, zstd' } })).ok, EXPECTED);
  const zstdThenGz = gzipSync(TOKENS_ZSTD);
  assert.deepEqual((await refreshWith({ status: 200, body: zstdThenGz, headers: { 'content-encoding': 'ZSTD , x-gzip' } })).ok, EXPECTED);
});

test('an error reply is decoded too (the refresh error classifier reads the real body)', async () => {
  const body = zstdStored(Buffer.from('{"error":{"code":"refresh_token_reused","message":"m"}}'));
  const r = await refreshWith({ status: 401, body, headers: { 'content-encoding': 'zstd' } });
  assert.equal(r.err?.code, 'oauth.refresh_permanent');
  assert.equal(r.err?.details?.['reason'], 'exhausted');
});

test('whoami (res.json()) reads a zstd body', async () => {
  const body = zstdStored(Buffer.from('{"email":null,"chatgpt_user_id":"u","chatgpt_account_id":"a","chatgpt_plan_type":"pro","chatgpt_account_is_fedramp":false}'));
  const srv = await fakeServer(always(200, body, { 'content-encoding': 'zstd' }));
  const meta = await fetchPatMetadata({ fetch, authapiBaseUrl: `${srv.url}/api/accounts`, token: 'at-1' });
  await srv.close();
  assert.equal(meta.chatgptAccountId, 'a');
  assert.equal(srv.requests[0]!.headers['accept-encoding'], 'zstd,gzip');
});

test('a body fetch already decoded (a runtime with zstd in zlib) passes through untouched', async () => {
  const decodedByFetch: typeof fetch = async () => new Response(TOKENS_JSON, { headers: { 'content-encoding': 'zstd' } });
  const res = await send({ fetch: decodedByFetch, url: 'http://127.0.0.1:9/x', method: 'GET' });
  assert.equal(await readText(res), TOKENS_JSON);
  const plain: typeof fetch = async () => new Response('plain');
  const same = new Response('plain');
  const passthrough: typeof fetch = async () => same;
  assert.equal(await send({ fetch: passthrough, url: 'http://127.0.0.1:9/x', method: 'GET' }), same);
  assert.equal(await readText(await send({ fetch: plain, url: 'http://127.0.0.1:9/x', method: 'GET' })), 'plain');
});

test('an undecodable zstd body reads as a failed body (never as garbage); status and headers stay', async () => {
  const corrupt = Buffer.concat([TOKENS_ZSTD.subarray(0, 40), Buffer.alloc(20, 0xff)]);
  const r = await refreshWith({ status: 200, body: corrupt, headers: { 'content-encoding': 'zstd' } });
  assert.equal(r.err?.code, 'oauth.refresh_transient');
  const srv = await fakeServer(always(200, corrupt, { 'content-encoding': 'zstd', 'x-kept': 'yes' }));
  const res = await send({ fetch, url: srv.url, method: 'GET' });
  await srv.close();
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-kept'), 'yes');
  await assert.rejects(res.text());
});

test('a zstd frame declaring more than the cap is refused from its header, before anything is allocated', async () => {
  // Single segment, 8-byte Frame_Content_Size of 2^40, one RLE block.
  const bomb = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 0x03, 0, 0, 0x41]);
  assert.throws(() => zstdDecodedBound(bomb), /too large/);
  await assert.rejects(decodeBody(bomb, ['zstd']), /too large/);
  // Many RLE blocks that each claim 128 KiB: bounded by the sum, refused past the cap.
  const blocks: number[] = [];
  const rle = ((128 * 1024) << 3) | (1 << 1);
  for (let i = 0; i < 80; i += 1) blocks.push((rle | (i === 79 ? 1 : 0)) & 0xff, (rle >> 8) & 0xff, (rle >> 16) & 0xff, 0x41);
  const rleBomb = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58, ...blocks]); // window 2^21, no content size
  assert.equal(zstdDecodedBound(rleBomb), 80 * 128 * 1024);
  assert.ok(zstdDecodedBound(rleBomb) > MAX_DECODED_BYTES);
  await assert.rejects(decodeBody(rleBomb, ['zstd']), /too large/);
  const gzBomb = gzipSync(Buffer.alloc(MAX_DECODED_BYTES + 1));
  await assert.rejects(decodeBody(gzBomb, ['gzip']));
});

test('zstdDecodedBound: the content size when declared, truncation and bad magic are errors', () => {
  assert.equal(zstdDecodedBound(TOKENS_ZSTD), TOKENS_JSON.length);
  assert.equal(zstdDecodedBound(zstdStored(Buffer.alloc(300_000))), 300_000);
  assert.throws(() => zstdDecodedBound(TOKENS_ZSTD.subarray(0, TOKENS_ZSTD.length - 2)), /truncated/);
  assert.throws(() => zstdDecodedBound(Buffer.from('{"not":"zstd"}')), /not a zstd frame/);
  // A skippable frame before the data frame is stepped over.
  const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 9, 9]);
  assert.equal(zstdDecodedBound(Buffer.concat([skippable, TOKENS_ZSTD])), TOKENS_JSON.length);
});

test('contentCodings: order kept, case and spaces ignored, identity dropped', () => {
  assert.deepEqual(contentCodings(null), []);
  assert.deepEqual(contentCodings(' GZIP , identity,zstd '), ['gzip', 'zstd']);
});

test('our encoder (the issuer) and our decoder agree at every frame-size boundary', async () => {
  for (const n of [0, 1, 255, 256, 65_791, 65_792, 128 * 1024, 128 * 1024 + 1, 300_000]) {
    const data = Buffer.from(Uint8Array.from({ length: n }, (_, i) => (i * 31) & 0xff));
    const out = await decodeBody(zstdStored(data), ['zstd']);
    assert.ok(Buffer.from(out).equals(data), `size ${n}`);
  }
});
