// Load precedence (spec §4.1), policy filtering (§11, §14.7 cases 69–76) and request headers per
// mode (§13.2), plus manager.fetch()'s 401 recovery.
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { agentAssertion, authHeaders } from '../../../src/auth/headers.js';
import { effectiveMode, loadAuth, type PatMetadata } from '../../../src/auth/load.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { accessJwt, chatgptDoc, jwt, MemoryStore } from '../../helpers/auth-fakes.js';
import { testManager, tokenResponse } from '../../helpers/auth-manager.js';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const whoami = async (token: string): Promise<PatMetadata> => ({
  accountId: token === 'at-other' ? 'ws-other' : 'ws-pat',
  planType: 'business',
  email: 'pat@example.com',
  fedramp: true,
});
const agentJwt = (accountId = 'ws-agent') =>
  jwt({
    iss: 'https://chatgpt.com/codex-backend/agent-identity',
    aud: 'codex-app-server',
    iat: 1,
    exp: 9999999999,
    agent_runtime_id: 'rt-agent',
    agent_private_key: 'a2V5',
    account_id: accountId,
    chatgpt_user_id: 'u',
    plan_type: 'enterprise',
    chatgpt_account_is_fedramp: false,
  });

describe('load precedence (spec §4.1)', () => {
  it('73: CODEX_API_KEY beats CODEX_ACCESS_TOKEN and storage, but only when the caller enables it', async () => {
    const store = new MemoryStore(chatgptDoc());
    const env = { CODEX_API_KEY: ' sk-env ', CODEX_ACCESS_TOKEN: 'at-token' };
    const on = await loadAuth({ env, store, whoami, enableCodexApiKeyEnv: true });
    assert.deepEqual(on, { mode: 'apikey', source: 'env', apiKey: 'sk-env' });
    const off = await loadAuth({ env, store, whoami });
    assert.equal(off?.mode, 'personalAccessToken');
  });

  it('the ephemeral store comes before CODEX_ACCESS_TOKEN; an ephemeral-kind store is never read as persistent', async () => {
    const ephemeral = new MemoryStore({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-eph' }, 'ephemeral');
    const store = new MemoryStore(chatgptDoc());
    assert.equal((await loadAuth({ env: { CODEX_ACCESS_TOKEN: 'at-x' }, store, ephemeral, whoami }))?.apiKey, 'sk-eph');
    const eph = new MemoryStore(chatgptDoc(), 'ephemeral');
    assert.equal(await loadAuth({ env: {}, store: eph }), null);
  });

  it('70: CODEX_ACCESS_TOKEN: at- is a personal access token (hydrated by whoami), anything else an agent identity JWT; nothing written', async () => {
    const store = new MemoryStore(null);
    const pat = await loadAuth({ env: { CODEX_ACCESS_TOKEN: 'at-token' }, store, whoami });
    assert.equal(pat?.mode, 'personalAccessToken');
    assert.equal(pat?.pat?.meta.accountId, 'ws-pat');
    const agent = await loadAuth({ env: { CODEX_ACCESS_TOKEN: agentJwt() }, store });
    assert.equal(agent?.mode, 'agentIdentity');
    assert.equal(agent?.agent?.accountId, 'ws-agent');
    assert.equal(store.saves, 0);
    await assert.rejects(loadAuth({ env: { CODEX_ACCESS_TOKEN: 'not-a-jwt' }, store }), (e: unknown) => isCodexAuthError(e) && /invalid agent identity JWT format/.test(e.message));
  });

  it('69: missing store ⇒ none; legacy {OPENAI_API_KEY, tokens:null} ⇒ API key; a pro ChatGPT file loads plan and email', async () => {
    assert.equal(await loadAuth({ env: {}, store: new MemoryStore(null) }), null);
    const legacy = await loadAuth({ env: {}, store: new MemoryStore({ OPENAI_API_KEY: 'sk-test-key', tokens: null, last_refresh: null }) });
    assert.equal(legacy?.mode, 'apikey');
    assert.equal(legacy?.apiKey, 'sk-test-key');
    const t = testManager(chatgptDoc({ plan: 'pro', email: 'me@example.com', expMs: T0 + 3600_000 }));
    const info = await t.manager.getAuth();
    assert.equal(info?.planType, 'pro');
    assert.equal(info?.email, 'me@example.com');
    assert.equal(info?.userId, 'user-1');
    assert.equal(info?.accountId, 'acct-1');
    assert.deepEqual(info?.expiresAt, new Date(T0 + 3600_000));
  });

  it('mode resolution (spec §2.1) and the reference errors for missing material', async () => {
    assert.equal(effectiveMode({ OPENAI_API_KEY: null }), 'chatgpt');
    assert.equal(effectiveMode({ OPENAI_API_KEY: null, personal_access_token: 'at-1' }), 'personalAccessToken');
    assert.equal(effectiveMode({ OPENAI_API_KEY: 'sk', tokens: chatgptDoc().tokens }), 'apikey');
    await assert.rejects(loadAuth({ env: {}, store: new MemoryStore({ auth_mode: 'apikey', OPENAI_API_KEY: null }) }), { message: 'API key auth is missing a key.' });
    await assert.rejects(loadAuth({ env: {}, store: new MemoryStore({ auth_mode: 'agentIdentity', OPENAI_API_KEY: null }) }), {
      message: 'agent identity auth is missing agent identity auth material.',
    });
  });
});

describe('policy filtering (spec §11.4, §14.7)', () => {
  it('71: env or stored PAT in a disallowed workspace ⇒ not logged in', async () => {
    const policy = { allowedWorkspaces: ['ws-allowed'] };
    assert.equal(await loadAuth({ env: { CODEX_ACCESS_TOKEN: 'at-1' }, store: new MemoryStore(null), whoami, policy }), null);
    assert.equal(await loadAuth({ env: {}, store: new MemoryStore({ OPENAI_API_KEY: null, personal_access_token: 'at-1' }), whoami, policy }), null);
  });

  it('75: an API-only policy rejects access tokens without any network; a workspace policy rejects agent identities before network', async () => {
    let calls = 0;
    const counting = async (t: string) => {
      calls++;
      return whoami(t);
    };
    assert.equal(await loadAuth({ env: { CODEX_ACCESS_TOKEN: 'at-1' }, store: new MemoryStore(null), whoami: counting, policy: { forcedLoginMethod: 'api' } }), null);
    assert.equal(calls, 0);
    const agentStore = new MemoryStore({ auth_mode: 'agentIdentity', OPENAI_API_KEY: null, agent_identity: agentJwt('ws-x') });
    assert.equal(await loadAuth({ env: {}, store: agentStore, policy: { allowedWorkspaces: ['ws-y'] } }), null);
  });

  it('76: the workspace policy uses tokens.account_id for managed ChatGPT auth; API keys ignore workspace rules', async () => {
    const doc = chatgptDoc({ accountId: 'ws-a' });
    assert.ok(await loadAuth({ env: {}, store: new MemoryStore(doc), policy: { allowedWorkspaces: ['ws-b', 'ws-a'] } }));
    assert.equal(await loadAuth({ env: {}, store: new MemoryStore(doc), policy: { allowedWorkspaces: ['ws-b'] } }), null);
    const key = new MemoryStore({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk' });
    assert.ok(await loadAuth({ env: {}, store: key, policy: { allowedWorkspaces: ['ws-b'] } }));
    assert.equal(await loadAuth({ env: {}, store: key, policy: { forcedLoginMethod: 'chatgpt' } }), null);
    assert.equal(key.deletes, 0, 'filtered, never deleted');
  });

  it('72: PAT auth has no 401 recovery (not_refreshable_auth) and refresh() is a no-op', async () => {
    const t = testManager({ OPENAI_API_KEY: null, personal_access_token: 'at-1' }, [tokenResponse({ access: 'never' })], { whoami });
    assert.equal((await t.manager.refresh())?.token, 'at-1');
    const rec = t.manager.unauthorizedRecovery();
    assert.equal(rec.hasNext(), false);
    await assert.rejects(rec.next(), (e: unknown) => isCodexAuthError(e, 'auth.no_recovery') && e.details.reason === 'not_refreshable_auth');
    assert.equal(t.fetch.requests.length, 0);
  });
});

describe('request headers per mode (spec §13.2)', () => {
  it('API key: Bearer + OpenAI-Organization/OpenAI-Project from env, no account header', () => {
    const h = authHeaders({ mode: 'apikey', source: 'store', apiKey: 'sk-1' }, { OPENAI_ORGANIZATION: 'org-1', OPENAI_PROJECT: 'proj-1' }, T0);
    assert.deepEqual(h, { Authorization: 'Bearer sk-1', 'OpenAI-Organization': 'org-1', 'OpenAI-Project': 'proj-1' });
  });

  it('ChatGPT: Bearer access token, ChatGPT-Account-ID, X-OpenAI-Fedramp when the id_token says so', () => {
    const doc = chatgptDoc({ accessToken: 'access-1', fedramp: true });
    assert.deepEqual(authHeaders({ mode: 'chatgpt', source: 'store', doc }, {}, T0), {
      Authorization: 'Bearer access-1',
      'ChatGPT-Account-ID': 'acct-1',
      'X-OpenAI-Fedramp': 'true',
    });
    const plain = chatgptDoc({ accessToken: 'access-2', accountId: null });
    assert.deepEqual(authHeaders({ mode: 'chatgpt', source: 'store', doc: plain }, {}, T0), { Authorization: 'Bearer access-2' });
  });

  it('personal access token: Bearer at-…, account and fedramp from whoami', () => {
    const h = authHeaders({ mode: 'personalAccessToken', source: 'env', pat: { token: 'at-1', meta: { accountId: 'ws-pat', fedramp: true } } }, {}, T0);
    assert.deepEqual(h, { Authorization: 'Bearer at-1', 'ChatGPT-Account-ID': 'ws-pat', 'X-OpenAI-Fedramp': 'true' });
  });

  it('Agent Identity: AgentAssertion with a verifiable Ed25519 signature over runtime:task:timestamp', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const agent = { runtimeId: 'rt-1', privateKey: pkcs8, accountId: 'ws-1', fedramp: false, taskId: 'task-9' };
    const h = authHeaders({ mode: 'agentIdentity', source: 'store', agent }, {}, T0 + 123);
    assert.match(h['Authorization']!, /^AgentAssertion [A-Za-z0-9_-]+$/);
    assert.equal(h['ChatGPT-Account-ID'], 'ws-1');
    const payload = JSON.parse(Buffer.from(h['Authorization']!.slice('AgentAssertion '.length), 'base64url').toString());
    assert.deepEqual(Object.keys(payload), ['agent_runtime_id', 'signature', 'task_id', 'timestamp']);
    assert.equal(payload.timestamp, '2026-11-28T12:00:00Z');
    assert.ok(verify(null, Buffer.from(`rt-1:task-9:${payload.timestamp}`), publicKey, Buffer.from(payload.signature, 'base64')));
    assert.throws(() => agentAssertion({ ...agent, taskId: undefined } as never, T0), /no registered task/);
  });
});

describe('manager.fetch()', () => {
  it('signs the request, and on a 401 recovers (reload, then refresh) and retries once', async () => {
    const t = testManager(chatgptDoc({ expMs: T0 + 3600_000, iatMs: T0, accessToken: 'access-old' }), [
      { status: 401, body: { error: 'expired' } },
      tokenResponse({ access: accessJwt(T0 + 7200_000, T0), refresh: 'rt-2' }),
      { status: 200, body: { ok: true } },
    ]);
    const res = await t.manager.fetch('http://127.0.0.1:9/backend-api/thing', { method: 'POST', body: '{"q":1}', headers: { 'x-mine': '1' } });
    assert.equal(res.status, 200);
    const [first, refresh, retry] = t.fetch.requests;
    assert.equal(first?.headers['authorization'], 'Bearer access-old');
    assert.equal(first?.headers['x-mine'], '1');
    assert.equal(first?.headers['chatgpt-account-id'], 'acct-1');
    assert.equal(refresh?.body?.refresh_reason, 'unauthorized_recovery');
    assert.notEqual(retry?.headers['authorization'], 'Bearer access-old');
    assert.deepEqual(retry?.body, { q: 1 });
    assert.equal(t.fetch.requests.length, 3);
  });

  it('returns the 401 when recovery cannot help (API key) and reports reauthRequired for a permanent failure', async () => {
    const key = testManager({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-1' }, [{ status: 401, body: {} }]);
    assert.equal((await key.manager.fetch('http://127.0.0.1:9/v1/x')).status, 401);
    assert.equal(key.fetch.requests.length, 1);
    const t = testManager(chatgptDoc({ expMs: T0 + 3600_000, iatMs: T0 }), [
      { status: 401, body: {} },
      { status: 401, body: { error: { code: 'refresh_token_expired' } } },
    ]);
    assert.equal((await t.manager.fetch('http://127.0.0.1:9/x')).status, 401);
    assert.equal(t.events.filter(([n]) => n === 'reauthRequired').length, 1);
  });

  it('rejects with auth.not_logged_in when there are no credentials; a login elsewhere is seen at once', async () => {
    const t = testManager(null, [{ status: 200, body: {} }]);
    await assert.rejects(t.manager.fetch('http://127.0.0.1:9/x'), (e: unknown) => isCodexAuthError(e, 'auth.not_logged_in'));
    assert.equal(t.fetch.requests.length, 0);
    t.store.doc = { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-later' };
    assert.equal((await t.manager.getAuth())?.token, 'sk-later');
  });
});
