// The library under workload identity, offline against the embedded issuer's jwt-bearer grant:
// getAuth() serves the exchanged token (nothing written), fetch() and openWebSocket() sign with it
// and renew it after a 401, concurrent callers share one exchange, and the issuer refuses what
// OpenAI's server refuses (signature, iss, aud, exp, iat, kid, subject, rule).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { createAuthManager } from '../../../src/index.js';
import { tempDir } from '../../helpers/run.js';
import { startFederation, wifEnv, type Federation } from './helpers.js';

let fed: Federation;
const dirs: Array<() => void> = [];
before(async () => {
  fed = await startFederation();
});
after(async () => {
  await fed.close();
  dirs.forEach((d) => d());
});

async function manager(extraEnv: Record<string, string> = {}) {
  const home = tempDir('codex-auth-wif-lib-');
  dirs.push(home.cleanup, () => rmSync(`${home.path}.jwt`, { force: true }));
  const env = { ...wifEnv(home.path, fed.ruleId), ...extraEnv };
  await fed.writeAssertion(env.OPENAI_IDENTITY_TOKEN_FILE);
  const auth = await createAuthManager({ env, codexHome: home.path, store: 'file', policy: {}, workloadTokenUrl: `${fed.issuer.url}/oauth/token` });
  return { auth, home: home.path, env };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('library under workload identity (embedded issuer)', () => {
  it('getAuth() exchanges once, serves the token from memory, writes nothing; the issuer accepts the token', async () => {
    const { auth, home } = await manager();
    const before = fed.issuer.admin.requests({ path: '/oauth/token' }).length;
    const [a, b, c] = await Promise.all([auth.getAuth(), auth.getAuth(), auth.getAuth()]);
    assert.equal(fed.issuer.admin.requests({ path: '/oauth/token' }).length - before, 1, 'one exchange for three concurrent callers');
    assert.equal(a?.token, b?.token);
    assert.equal(a?.token, c?.token);
    assert.equal(a?.mode, 'chatgptAuthTokens');
    assert.equal(a?.source, 'workload');
    assert.equal(a?.workloadSource, 'file');
    assert.equal(a?.accountId, 'ws-dev-personal');
    assert.ok(a!.expiresAt!.getTime() > Date.now() + 590_000);
    const userinfo = await auth.fetch(`${fed.issuer.url}/userinfo`);
    assert.equal(userinfo.status, 200);
    assert.equal(((await userinfo.json()) as { email?: string }).email, 'dev@example.com');
    const logged = fed.issuer.admin.requests({ path: '/userinfo' }).at(-1);
    assert.equal(logged?.headers['chatgpt-account-id'], 'ws-dev-personal');
    assert.deepEqual(readdirSync(home), []);
    await auth.close();
  });

  it('fetch(): a 401 renews the token (the file re-read) and retries once; openWebSocket() likewise', async () => {
    const { auth, env } = await manager();
    const seen: string[] = [];
    let reject: string | undefined;
    const backend = createServer((req, res) => {
      const a = req.headers.authorization ?? '';
      seen.push(a);
      res.writeHead(a === reject ? 401 : 200).end();
    });
    const wss = new WebSocketServer({ noServer: true });
    backend.on('upgrade', (req, socket, head) => {
      const a = req.headers.authorization ?? '';
      seen.push(`ws ${a}`);
      if (a === reject) {
        socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => ws.close());
    });
    const port = await listen(backend);
    const first = (await auth.getAuth())!.token!;
    reject = `Bearer ${first}`;
    await fed.writeAssertion(env.OPENAI_IDENTITY_TOKEN_FILE, { claims: { jti: 'rotated' } });
    const res = await auth.fetch(`http://127.0.0.1:${port}/backend-api/x`);
    assert.equal(res.status, 200);
    const second = (await auth.getAuth())!.token!;
    assert.notEqual(second, first);
    assert.deepEqual(seen, [`Bearer ${first}`, `Bearer ${second}`]);
    const lastExchange = fed.issuer.admin.requests({ path: '/oauth/token' }).at(-1);
    assert.equal(lastExchange?.body?.['grant_type'], 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    reject = `Bearer ${second}`;
    const ws = await auth.openWebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.terminate();
    const third = (await auth.getAuth())!.token!;
    assert.notEqual(third, second);
    assert.deepEqual(seen.slice(2), [`ws Bearer ${second}`, `ws Bearer ${third}`]);
    await auth.close();
    wss.close();
    backend.closeAllConnections();
    await new Promise<void>((r) => backend.close(() => r()));
  });

  it('the issuer verifies like OpenAI: signature, iss, aud, exp, iat, kid header, subject pattern, rule id', async () => {
    const rows: Array<[string, Parameters<Federation['sign']>[0], string?]> = [
      ['valid', {}],
      ['other key', { key: 'other' }],
      ['wrong iss', { claims: { iss: 'https://evil.example' } }],
      ['wrong aud', { claims: { aud: 'https://other' } }],
      ['aud array containing it', { claims: { aud: ['x', 'https://auth.openai.com'] } }],
      ['expired', { claims: { exp: Math.floor(Date.now() / 1000) - 120 } }],
      ['no exp', { claims: { exp: undefined } }],
      ['no iat', { claims: { iat: undefined } }],
      ['iat in the future', { claims: { iat: Math.floor(Date.now() / 1000) + 3600 } }],
      ['no kid header', { kid: null }],
      ['unknown kid', { kid: 'k2' }],
      ['subject outside the pattern', { claims: { sub: 'repo:other/app:ref:refs/heads/main' } }],
      ['other branch', { claims: { sub: 'repo:acme/app:ref:refs/heads/dev' } }],
      ['unknown rule', {}, 'fr_unknown'],
    ];
    const results: string[] = [];
    for (const [name, over, rule] of rows) {
      const assertion = await fed.sign(over);
      const r = await fetch(`${fed.issuer.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion, federation_rule_id: rule ?? fed.ruleId }),
      });
      results.push(`${name}: ${r.status}`);
    }
    assert.deepEqual(results, [
      'valid: 200',
      'other key: 400',
      'wrong iss: 400',
      'wrong aud: 400',
      'aud array containing it: 200',
      'expired: 400',
      'no exp: 400',
      'no iat: 400',
      'iat in the future: 400',
      'no kid header: 400',
      'unknown kid: 400',
      'subject outside the pattern: 400',
      'other branch: 400',
      'unknown rule: 400',
    ]);
  });

  it('federation rules over the admin HTTP API: add (one public JWK), list, exchange, delete', async () => {
    const jose = await import('jose');
    const pair = await jose.generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'http-key' };
    const admin = (method: string, path: string, body?: object) =>
      fetch(`${fed.issuer.url}/admin/${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const bad = await admin('POST', 'federation-rules', { issuer: 'https://ci.example', audience: 'aud', subject: '*', account: 'dev@example.com' });
    assert.equal(bad.status, 400, 'a rule needs a key');
    const added = await admin('POST', 'federation-rules', { id: 'fr_http', issuer: 'https://ci.example', jwk, audience: 'aud', subject: 'job:*', account: 'dev@example.com', ttlSeconds: 120 });
    assert.equal(added.status, 201);
    assert.equal(((await added.json()) as { keys: string }).keys, 'jwk');
    assert.ok(((await (await admin('GET', 'federation-rules')).json()) as Array<{ id: string }>).some((r) => r.id === 'fr_http'));
    const iat = Math.floor(Date.now() / 1000);
    const assertion = await new jose.SignJWT({ iss: 'https://ci.example', aud: 'aud', sub: 'job:42', iat, exp: iat + 60 }).setProtectedHeader({ alg: 'ES256', kid: 'http-key' }).sign(pair.privateKey);
    const exchange = () =>
      fetch(`${fed.issuer.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion, federation_rule_id: 'fr_http' }) });
    const ok = await exchange();
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { expires_in: number }).expires_in, 120);
    assert.deepEqual(await (await admin('DELETE', 'federation-rules/fr_http')).json(), { removed: true });
    assert.equal((await exchange()).status, 400);
  });

  it('a refused assertion is the exchange error (fail-closed, no fallback to auth.json); policy after the exchange', async () => {
    const { auth, env } = await manager();
    await fed.writeAssertion(env.OPENAI_IDENTITY_TOKEN_FILE, { key: 'other' });
    await assert.rejects(auth.getAuth(), { message: 'the workload identity token exchange was rejected with HTTP 400' });
    await auth.close();
    const home = tempDir('codex-auth-wif-lib-');
    dirs.push(home.cleanup, () => rmSync(`${home.path}.jwt`, { force: true }));
    const penv = wifEnv(home.path, fed.ruleId);
    await fed.writeAssertion(penv.OPENAI_IDENTITY_TOKEN_FILE);
    const forced = await createAuthManager({ env: penv, codexHome: home.path, store: 'file', policy: { allowedWorkspaces: ['ws-a'] }, workloadTokenUrl: `${fed.issuer.url}/oauth/token` });
    await assert.rejects(forced.getAuth(), { message: 'Login is restricted to workspace(s) ws-a, but current credentials belong to ws-dev-personal' });
    await forced.close();
  });
});
