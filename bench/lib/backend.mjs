// The token endpoint the refresh storm runs against: the embedded issuer (dist/issuer, startIssuer)
// when this commit has it — real rotation, reuse detection that revokes the whole token family, and
// its request log — else bench/lib/token-server.mjs (same rotation and reuse rules, its own log).
import { chatgptAuthJson, writeAuthJson } from './fixtures.mjs';
import { loadStartIssuer } from './ours.mjs';
import { NotAvailable } from './result.mjs';
import { startTokenServer } from './token-server.mjs';

const ACCOUNT = 'dev@example.com';

async function issuerBackend() {
  const startIssuer = await loadStartIssuer();
  const issuer = await startIssuer({ port: 0, accounts: [{ email: ACCOUNT, plan: 'plus', workspaces: [{ id: 'ws-bench', name: 'Bench' }] }] });
  const a = issuer.admin;
  const refreshLog = () => a.requests({ path: '/oauth/token', method: 'POST' }).filter((e) => e.body?.grant_type === 'refresh_token');
  return {
    name: 'the embedded issuer (dist/issuer: rotation, reuse detection revoking the family; counts from its request log)',
    url: issuer.url,
    tokenUrl: `${issuer.url}/oauth/token`,
    /** A fresh refresh token nobody has spent (for one round-trip sample). */
    async freshRefreshToken() {
      return (await a.mintTokens({ account: ACCOUNT })).refresh_token;
    },
    /** Writes an auth.json whose access token expires in 1 s; returns { doc, expiresAtMs }. */
    async writeExpiring(home) {
      const t = await a.mintTokens({ account: ACCOUNT, accessTokenTtlSeconds: 1 });
      const doc = {
        auth_mode: 'chatgpt',
        OPENAI_API_KEY: null,
        tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, account_id: t.account_id },
        last_refresh: new Date().toISOString(),
      };
      writeAuthJson(home, doc);
      return { doc, expiresAtMs: JSON.parse(Buffer.from(t.access_token.split('.')[1], 'base64url')).exp * 1000 };
    },
    clearLog: () => a.clearRequests(),
    refreshes: () => refreshLog().length,
    reused: () => refreshLog().filter((e) => e.status !== 200).length,
    close: () => issuer.close(),
  };
}

async function fakeBackend(reason) {
  const s = await startTokenServer();
  return {
    name: `bench/lib/token-server.mjs (the embedded issuer is not available: ${reason}; same rotation and reuse rules)`,
    url: s.url,
    tokenUrl: s.tokenUrl,
    async freshRefreshToken() {
      const rt = `rt-bench-rtt-${Math.random().toString(36).slice(2)}`;
      s.accept(rt);
      return rt;
    },
    async writeExpiring(home) {
      const now = Math.floor(Date.now() / 1000);
      const doc = chatgptAuthJson({ nowSec: now - 3600, expSec: now - 1, issuer: s.url });
      s.accept(doc.tokens.refresh_token);
      writeAuthJson(home, doc);
      return { doc, expiresAtMs: (now - 1) * 1000 };
    },
    clearLog: () => s.clearLog(),
    refreshes: () => s.refreshes().length,
    reused: () => s.refreshes().filter((e) => e.outcome === 'refresh_token_reused').length,
    close: () => s.close(),
  };
}

export async function startRefreshBackend() {
  try {
    return await issuerBackend();
  } catch (e) {
    if (!(e instanceof NotAvailable)) throw e;
    return fakeBackend(e.message);
  }
}
