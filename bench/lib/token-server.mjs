// A loopback OAuth token endpoint for the library benchmarks, with what they need to count:
// every POST /oauth/token is logged; refresh tokens rotate and each can be spent once (a second
// use answers 401 refresh_token_reused, like auth.openai.com), so a racing refresh shows up both as
// an extra request and as a failed caller. Also answers GET /ok for the fetch benchmark.
//
// Used when the embedded issuer (dist/issuer) is not on this commit; see bench/lib/backend.mjs.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { chatgptTokens } from './fixtures.mjs';

export async function startTokenServer({ ttlSeconds = 3600 } = {}) {
  const log = [];
  const live = new Set();
  let n = 0;
  const issue = () => {
    const now = Math.floor(Date.now() / 1000);
    const t = chatgptTokens({ nowSec: now, expSec: now + ttlSeconds });
    const refresh_token = `rt-bench-${++n}-${randomBytes(16).toString('base64url')}`;
    live.add(refresh_token);
    return { ...t, refresh_token, token_type: 'Bearer', expires_in: ttlSeconds, scope: 'openid profile email offline_access' };
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (status, body) => {
        const s = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
        res.end(s);
      };
      if (req.method === 'GET' && req.url?.startsWith('/ok')) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
        res.end('ok');
        return;
      }
      if (req.method !== 'POST' || !req.url?.startsWith('/oauth/token')) return send(404, { error: 'not_found' });
      let body = {};
      try {
        body = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      } catch {
        return send(400, { error: 'invalid_request' });
      }
      const entry = { time: process.hrtime.bigint(), grant_type: body.grant_type, outcome: '' };
      log.push(entry);
      if (body.grant_type === 'refresh_token') {
        if (!live.delete(body.refresh_token)) {
          entry.outcome = 'refresh_token_reused';
          return send(401, { error: { code: 'refresh_token_reused', message: 'refresh token already used' } });
        }
        entry.outcome = 'rotated';
        return send(200, issue());
      }
      if (body.grant_type === 'authorization_code') {
        entry.outcome = 'code';
        return send(200, issue());
      }
      if (body.grant_type === 'urn:ietf:params:oauth:grant-type:token-exchange') {
        entry.outcome = 'api-key';
        return send(200, { access_token: `sk-bench-exchanged-${randomBytes(12).toString('hex')}`, token_type: 'Bearer' });
      }
      entry.outcome = 'unsupported';
      send(400, { error: 'unsupported_grant_type' });
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
    /** Registers a refresh token the fixtures hand out, so it can be spent once. */
    accept(refreshToken) {
      live.add(refreshToken);
    },
    log,
    refreshes: () => log.filter((e) => e.grant_type === 'refresh_token'),
    clearLog: () => log.splice(0),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}
