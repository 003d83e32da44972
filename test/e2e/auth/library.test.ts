// The library API end to end against the embedded issuer: fetch with 401 recovery, WebSocket with
// 401 recovery, refresh through a proxy (spec §14.4 case 28), personal access tokens and Agent
// Identity from CODEX_ACCESS_TOKEN (spec §14.7 case 70), and the runnable docs example.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { createAuthManager } from '../../../src/index.js';
import { startIssuer } from '../../../src/issuer/index.js';
import { repoRoot, tempDir } from '../../helpers/run.js';
import { expiringLogin, storedAccessToken, stormEnv } from './storm-helpers.js';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function withLogin(fn: (c: { home: string; env: Record<string, string>; issuerUrl: string; s: Awaited<ReturnType<typeof expiringLogin>> }) => Promise<void>, expiresIn = 3000) {
  const home = tempDir();
  const s = await expiringLogin(home.path, expiresIn);
  try {
    await fn({ home: home.path, env: stormEnv(home.path, s.issuer.url), issuerUrl: s.issuer.url, s });
  } finally {
    await s.issuer.close();
    home.cleanup();
  }
}

async function revokeAccessToken(issuerUrl: string, token: string): Promise<void> {
  const r = await fetch(`${issuerUrl}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, token_type_hint: 'access_token' }),
  });
  assert.equal(r.status, 200);
}

describe('manager.fetch() against the issuer', () => {
  it('adds Bearer + ChatGPT-Account-ID; a revoked access token is recovered (reload, refresh) and retried once', () =>
    withLogin(async ({ home, env, issuerUrl, s }) => {
      const auth = await createAuthManager({ env });
      const events: string[] = [];
      auth.on('refreshed', (e) => events.push(`${e.reason}:${e.outcome}`));
      assert.equal((await auth.fetch(`${issuerUrl}/userinfo`)).status, 200);
      assert.deepEqual(s.refreshes(), []);
      await revokeAccessToken(issuerUrl, storedAccessToken(home));
      const res = await auth.fetch(`${issuerUrl}/userinfo`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { email?: string }).email, 'dev@example.com');
      assert.deepEqual(events, ['unauthorized_recovery:refreshed']);
      assert.equal(s.refreshes().length, 1);
      const req = s.issuer.admin.requests({ path: '/userinfo' }).at(-1);
      assert.equal(req?.headers['chatgpt-account-id'], 'ws-dev-personal');
      await auth.close();
    }));
});

describe('manager.openWebSocket()', () => {
  it('sends the auth headers; a 401 upgrade is recovered and retried once', () =>
    withLogin(async ({ home, env, issuerUrl }) => {
      const seen: Array<string | undefined> = [];
      const wss = new WebSocketServer({
        port: 0,
        host: '127.0.0.1',
        verifyClient: (info: { req: IncomingMessage }, cb: (ok: boolean, code?: number) => void) => {
          const authz = info.req.headers['authorization'];
          seen.push(authz);
          fetch(`${issuerUrl}/userinfo`, { headers: { authorization: authz ?? '' } }).then(
            (r) => cb(r.status === 200, 401),
            () => cb(false, 500),
          );
        },
      });
      wss.on('connection', (ws) => ws.send('hello'));
      await new Promise<void>((r) => wss.once('listening', () => r()));
      try {
        const auth = await createAuthManager({ env });
        await revokeAccessToken(issuerUrl, storedAccessToken(home));
        // A stale authorization of the caller's (lower case) must not travel beside ours.
        const ws = await auth.openWebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`, { headers: { authorization: 'Bearer stale' } });
        const msg = await new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
        assert.equal(msg, 'hello');
        ws.close();
        assert.equal(seen.length, 2);
        assert.notEqual(seen[0], seen[1]);
        assert.equal(seen[1], `Bearer ${storedAccessToken(home)}`);
        await auth.close();
      } finally {
        await new Promise((r) => wss.close(r));
      }
    }));
});

describe('manager.openWebSocket() header merging', () => {
  it("the caller's headers travel, but never a stale authorization beside ours (any case)", async () => {
    const { webSocketHeaders } = await import('../../../src/auth/websocket.js');
    const auth = { Authorization: 'Bearer new', 'ChatGPT-Account-ID': 'acct' };
    assert.deepEqual({ ...webSocketHeaders({ authorization: 'Bearer stale', 'CHATGPT-ACCOUNT-ID': 'x', 'X-Extra': '1' }, auth) }, {
      'X-Extra': '1',
      Authorization: 'Bearer new',
      'ChatGPT-Account-ID': 'acct',
    });
    assert.deepEqual({ ...webSocketHeaders({ 'x-a': '1' }, {}) }, { 'x-a': '1' });
    // A value Headers would reject still fails the same way; one it would normalise goes through it.
    assert.throws(() => webSocketHeaders({ 'x-bad': 'a\nb' }, auth), TypeError);
  });
});

describe('refresh through a proxy (spec §14.4 case 28)', () => {
  it('posts {client_id, grant_type, refresh_token} to the proxy as an absolute-form request', () =>
    withLogin(async ({ env, issuerUrl }) => {
      const seen: Array<{ url: string; body: string }> = [];
      const proxy = createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          seen.push({ url: req.url ?? '', body });
          const fwd = request(req.url!, { method: req.method, headers: req.headers }, (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          });
          fwd.end(body);
        });
      });
      const port = await listen(proxy);
      try {
        const auth = await createAuthManager({ env: { ...env, HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '' } });
        const info = await auth.getAuth();
        assert.ok(info?.token);
        assert.equal(seen.length, 1);
        assert.equal(seen[0]?.url, `${issuerUrl}/oauth/token`);
        const body = JSON.parse(seen[0]!.body);
        assert.equal(body.grant_type, 'refresh_token');
        assert.equal(body.client_id, 'app_EMoamEEZ73f0CkXaXp7hrann');
        assert.equal(body.refresh_reason, 'proactive_expiry');
        assert.ok(body.refresh_token);
        await auth.close();
      } finally {
        proxy.close();
      }
    }, 60));
});

describe('CODEX_ACCESS_TOKEN (spec §14.7 case 70)', () => {
  it('a personal access token is hydrated by whoami and signs requests; nothing is written', async () => {
    const issuer = await startIssuer();
    const home = tempDir();
    try {
      const pat = issuer.admin.mintPersonalAccessToken({ account: 'team@example.com', workspace: 'ws-team-beta' });
      const env = stormEnv(home.path, issuer.url);
      const auth = await createAuthManager({ env: { ...env, CODEX_ACCESS_TOKEN: pat, CODEX_AUTHAPI_BASE_URL: `${issuer.url}/api/accounts` } });
      const info = await auth.getAuth();
      assert.equal(info?.mode, 'personalAccessToken');
      assert.equal(info?.source, 'env');
      assert.equal(info?.accountId, 'ws-team-beta');
      assert.equal(info?.token, pat);
      const h = await auth.headers();
      assert.equal(h['Authorization'], `Bearer ${pat}`);
      assert.equal(h['ChatGPT-Account-ID'], 'ws-team-beta');
      assert.equal(issuer.admin.requests({ path: '/api/accounts/v1/user-auth-credential/whoami' }).length, 1);
      await auth.close();
    } finally {
      await issuer.close();
      home.cleanup();
    }
  });

  it('an Agent Identity JWT registers a task at load and signs each request with AgentAssertion', async () => {
    const issuer = await startIssuer();
    const home = tempDir();
    try {
      const { jwt, agentRuntimeId } = await issuer.admin.mintAgentIdentity({ account: 'dev@example.com' });
      const env = {
        ...stormEnv(home.path, issuer.url),
        CODEX_ACCESS_TOKEN: jwt,
        CODEX_AGENT_IDENTITY_AUTHAPI_BASE_URL: `${issuer.url}/api/accounts`,
        CODEX_AGENT_IDENTITY_JWKS_BASE_URL: `${issuer.url}/backend-api`,
      };
      const auth = await createAuthManager({ env });
      const info = await auth.getAuth();
      assert.equal(info?.mode, 'agentIdentity');
      assert.equal(info?.token, undefined);
      const tasks = issuer.admin.agentTasks(agentRuntimeId);
      assert.equal(tasks.length, 1);
      assert.equal(issuer.admin.requests({ path: '/backend-api/wham/agent-identities/jwks' }).length, 1, 'verified against the JWKS');
      const h = await auth.headers();
      const assertion = JSON.parse(Buffer.from(h['Authorization']!.replace(/^AgentAssertion /, ''), 'base64url').toString());
      assert.equal(assertion.task_id, tasks[0]);
      const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
      const pub = createPublicKey(createPrivateKey({ key: Buffer.from(claims.agent_private_key, 'base64'), format: 'der', type: 'pkcs8' }));
      assert.ok(verify(null, Buffer.from(`${agentRuntimeId}:${tasks[0]}:${assertion.timestamp}`), pub, Buffer.from(assertion.signature, 'base64')));
      assert.equal(h['ChatGPT-Account-ID'], claims.account_id);
      await auth.close();
      // A JWT the JWKS does not vouch for (forged signature) is refused before any task is registered.
      const [h64, p64] = jwt.split('.');
      const forged = await createAuthManager({ env: { ...env, CODEX_ACCESS_TOKEN: `${h64}.${p64}.${Buffer.from('forged').toString('base64url')}` } });
      await assert.rejects(forged.getAuth(), (e: unknown) => (e as { code?: string }).code === 'oauth.agent_identity_verify');
      assert.equal(issuer.admin.agentTasks(agentRuntimeId).length, 1);
      await forged.close();
    } finally {
      await issuer.close();
      home.cleanup();
    }
  });
});

describe('createAuthManager() defaults come from config.toml', () => {
  it('forced_login_method and cli_auth_credentials_store are honoured unless the caller overrides them', () =>
    withLogin(async ({ home, env }) => {
      writeFileSync(join(home, 'config.toml'), 'forced_login_method = "api"\n');
      const forced = await createAuthManager({ env });
      assert.equal(await forced.getAuth(), null, 'ChatGPT credentials are filtered out, not deleted');
      const explicit = await createAuthManager({ env, policy: {} });
      assert.equal((await explicit.getAuth())?.mode, 'chatgpt');
      writeFileSync(join(home, 'config.toml'), 'cli_auth_credentials_store = "ephemeral"\n');
      const ephemeral = await createAuthManager({ env });
      assert.equal(await ephemeral.getAuth(), null, 'an ephemeral store never reads auth.json');
      await Promise.all([forced.close(), explicit.close(), ephemeral.close()]);
    }));
});

describe('docs', () => {
  it('the library example in docs/library.md runs', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'examples/library-demo.mjs')], { encoding: 'utf8', timeout: 60_000, cwd: repoRoot });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /mode: 'chatgpt'/);
    assert.match(r.stdout, /refreshed forced refreshed/);
    assert.match(r.stdout, /^200 \{\n\s+sub: 'user-/m);
    assert.match(r.stdout, /^logged out true$/m);
  });
});
