import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { codeChallengeS256, generatePkce, generateState } from '../../../src/oauth/pkce.js';
import { buildAuthorizeUrl, callbackRedirectUri } from '../../../src/oauth/authorize-url.js';

const B64URL = /^[A-Za-z0-9_-]+$/;

test('PKCE verifier is 86 base64url chars from 64 random bytes; challenge is S256 of it', () => {
  const { codeVerifier, codeChallenge } = generatePkce();
  assert.equal(codeVerifier.length, 86);
  assert.match(codeVerifier, B64URL);
  assert.equal(codeChallenge, createHash('sha256').update(codeVerifier).digest('base64url'));
  assert.equal(codeChallenge.length, 43);
  assert.notEqual(generatePkce().codeVerifier, codeVerifier);
});

test('PKCE uses exactly the injected random bytes (RFC 7636 appendix B vector)', () => {
  const seen: number[] = [];
  const fixed = (n: number) => (seen.push(n), new Uint8Array(n).fill(1));
  const { codeVerifier } = generatePkce(fixed);
  assert.deepEqual(seen, [64]);
  assert.equal(codeVerifier, Buffer.alloc(64, 1).toString('base64url'));
  // RFC 7636 Appendix B.
  assert.equal(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('state is 43 base64url chars from 32 random bytes', () => {
  const s = generateState();
  assert.equal(s.length, 43);
  assert.match(s, B64URL);
  assert.equal(generateState((n) => new Uint8Array(n)), Buffer.alloc(32).toString('base64url'));
});

test('authorize URL has the observed parameters, order and encoding', () => {
  const url = buildAuthorizeUrl({ redirectUri: callbackRedirectUri(1455), codeChallenge: 'CH', state: 'ST' });
  assert.equal(
    url,
    'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann' +
      '&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&code_challenge=CH&code_challenge_method=S256' +
      '&state=ST&scope=openid+profile+email+offline_access+api.connectors.read+api.connectors.invoke' +
      '&id_token_add_organizations=true&codex_cli_simplified_flow=true&originator=codex_cli_rs',
  );
});

test('authorize URL: forced workspaces are one comma-joined parameter, last; originator and issuer as given', () => {
  const url = buildAuthorizeUrl({
    issuer: 'http://127.0.0.1:9/',
    redirectUri: callbackRedirectUri(1457),
    codeChallenge: 'c',
    state: 's',
    originator: 'my app',
    allowedWorkspaceIds: ['ws-1', 'ws-2'],
  });
  assert.ok(url.startsWith('http://127.0.0.1:9//oauth/authorize?'), url);
  assert.ok(url.endsWith('&originator=my+app&allowed_workspace_id=ws-1%2Cws-2'), url);
  assert.ok(url.includes('redirect_uri=http%3A%2F%2F127.0.0.1%3A1457%2Fauth%2Fcallback'));
  assert.ok(!buildAuthorizeUrl({ redirectUri: 'r', codeChallenge: 'c', state: 's', allowedWorkspaceIds: [] }).includes('allowed_workspace_id'));
});

test('issue 10: every browser sign-in gets its own state and PKCE verifier (a constant one fails here)', async () => {
  const { runBrowserLogin } = await import('../../../src/login/browser/flow.js');
  const { MemoryStore } = await import('../../helpers/auth-fakes.js');
  const { Writable } = await import('node:stream');
  const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
  const states = new Set<string>();
  const challenges = new Set<string>();
  const verifiers = new Set<string>();
  const RUNS = 8;
  for (let i = 0; i < RUNS; i++) {
    const ac = new AbortController();
    await runBrowserLogin({
      env: {},
      now: Date.now,
      stdout: sink(),
      stderr: sink(),
      issuer: 'http://127.0.0.1:9',
      clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
      store: new MemoryStore(null),
      // The exchange: record the verifier, then stop the sign-in.
      fetch: async (_u, init) => {
        verifiers.add(new URLSearchParams(String(init?.body)).get('code_verifier') ?? '');
        ac.abort(new Error('done'));
        throw new Error('done');
      },
      signal: ac.signal,
      port: 0,
      fallbackPort: null,
      openUrl: async (url) => {
        const u = new URL(url);
        states.add(u.searchParams.get('state')!);
        challenges.add(u.searchParams.get('code_challenge')!);
        const back = new URL(u.searchParams.get('redirect_uri')!);
        back.searchParams.set('code', 'c');
        back.searchParams.set('state', u.searchParams.get('state')!);
        void fetch(back).catch(() => {});
        return { kind: 'opened' };
      },
    }).catch(() => {});
  }
  assert.equal(states.size, RUNS, 'two sign-ins shared a state');
  assert.equal(challenges.size, RUNS, 'two sign-ins shared a PKCE challenge');
  assert.equal(verifiers.size, RUNS, 'two sign-ins shared a PKCE verifier');
  for (const s of states) assert.match(s, /^[A-Za-z0-9_-]{43}$/);
});
