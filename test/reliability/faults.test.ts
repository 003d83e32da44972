// Faults injected through the embedded issuer's admin API at every call of every CLI flow
// (issue 6): 5xx, 4xx with each OAuth error code, a delay, a reset connection, a truncated body.
// Each case: the documented exit code and one error line (or success where the step is best
// effort), no secret in the output, the previous credentials never lost, and a bounded number
// of requests (no retry storm). Runs our CLI in-process against an in-process issuer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { createAuthManager } from '../../src/auth/create.js';
import { isCodexAuthError } from '../../src/errors.js';
import { startIssuer, type RunningIssuer } from '../../src/issuer/index.js';
import { runBrowserLogin } from '../../src/login/browser/flow.js';
import type { FetchLike } from '../../src/net/types.js';
import { FileStore } from '../../src/store/file-store.js';
import type { FaultSpec } from '../../src/issuer/types.js';
import { chatgptDoc } from '../helpers/issuer.js';
import { PLANTED } from '../helpers/bad-input.js';
import { runCli, type CliResult } from '../helpers/hermetic-cli.js';
import { assertNoSecret, assertNoStack, assertOneLineError } from '../helpers/invariants.js';

let issuer: RunningIssuer;
before(async () => {
  issuer = await startIssuer({ admin: true, deviceIntervalSeconds: 1 });
});
after(() => issuer.close());

/** Faults of every class; `code` is the OAuth error code of a 4xx. */
const FAULTS: ReadonlyArray<{ name: string; fault: Omit<FaultSpec, 'path'> }> = [
  { name: '500', fault: { status: 500, body: { error: 'server_error' } } },
  { name: '502 html', fault: { status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } } },
  { name: '503', fault: { status: 503, body: '' } },
  ...['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'access_denied', 'expired_token', 'slow_down'].map(
    (code) => ({ name: `400 ${code}`, fault: { status: 400, body: { error: code, error_description: `injected ${code}` } } }),
  ),
  { name: '401', fault: { status: 401, body: { error: 'invalid_token' } } },
  { name: '403', fault: { status: 403, body: { error: 'forbidden' } } },
  { name: '429', fault: { status: 429, body: { error: 'rate_limited' } } },
  { name: 'reset', fault: { reset: true } },
  { name: 'truncated body', fault: { malformed: true } },
];

/** A previous login the failed one must never lose. */
const PREVIOUS = JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: PLANTED.apiKey }, null, 2);

async function withHome<T>(fn: (home: string) => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'codex-auth-faults-'));
  try {
    writeFileSync(join(home, 'auth.json'), PREVIOUS, { mode: 0o600 });
    return await fn(home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The login log (empty when none was written). */
function loginLog(home: string): string {
  const p = join(home, 'log', 'codex-login.log');
  return existsSync(p) ? readFileSync(p, 'utf8') : '';
}

const env = () => ({ NO_PROXY: '127.0.0.1,localhost', CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/revoke`, CODEX_AUTHAPI_BASE_URL: `${issuer.url}/api/accounts` });

/** Approves every pending device code on the issuer's page (as a person would), until `done`. */
async function approveWhilePending(done: { v: boolean }): Promise<void> {
  const account = issuer.admin.accounts()[0]!;
  const seen = new Set<string>();
  while (!done.v) {
    for (const d of issuer.admin.deviceCodes()) {
      if (d.status !== 'pending' || d.expired || seen.has(d.userCode)) continue;
      seen.add(d.userCode);
      const body = new URLSearchParams({ user_code: d.userCode, decision: 'allow', account: `${account.userId} ${account.workspaces[0]!.id}` });
      await fetch(`${issuer.url}/codex/device/decision`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs the CLI with one fault on `path` (matching `match`), returns the result and that path's request count. */
async function withFault(path: string, fault: Omit<FaultSpec, 'path'>, run: () => Promise<CliResult>, extra: FaultSpec[] = []): Promise<CliResult & { hits: number }> {
  issuer.admin.clearFaults();
  issuer.admin.clearRequests();
  // The fault hits the first call of that endpoint (a later call, e.g. the next poll, is served).
  issuer.admin.addFault({ path, times: 1, ...fault });
  for (const f of extra) issuer.admin.addFault(f);
  try {
    const r = await run();
    return { ...r, hits: issuer.admin.requests({ path }).length };
  } finally {
    issuer.admin.clearFaults();
  }
}

/** Holds the first poll answer back a little, so the approval lands before it (no 1 s poll sleep). */
const SLOW_FIRST_POLL: FaultSpec = { path: '/api/accounts/deviceauth/token', delayMs: 150, times: 1 };

const DEVICE_STEPS = [
  { path: '/api/accounts/deviceauth/usercode', name: 'usercode', extra: [] },
  { path: '/api/accounts/deviceauth/token', name: 'poll', extra: [] },
  { path: '/oauth/token', name: 'code exchange', extra: [SLOW_FIRST_POLL] },
];

test('device login × a fault at each call: exit 1, one line, previous credentials kept, one request per failing call', async () => {
  for (const step of DEVICE_STEPS) {
    for (const { name, fault } of FAULTS) {
      await withHome(async (home) => {
        const done = { v: false };
        const approving = approveWhilePending(done);
        const r = await withFault(step.path, fault, () => runCli(['login', '--device-auth', '--experimental_issuer', issuer.url], home, { env: env() }), step.extra);
        done.v = true;
        await approving;
        const what = `${step.name} × ${name}`;
        assertNoStack(r.err);
        assertNoSecret(r.out + r.err, [PLANTED.apiKey], what);
        // A poll answered 403/404 means "pending" (observed §2.2): the flow goes on and succeeds.
        const pending = step.name === 'poll' && /^40[34]$/.test(String(fault.status));
        if (pending) {
          assert.equal(r.code, 0, `${what}: ${r.err}`);
          const saved = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
          assert.equal(saved.auth_mode, 'chatgpt');
          assertNoSecret(r.out + r.err + loginLog(home), Object.values(saved.tokens as Record<string, string>).filter((v) => typeof v === 'string' && v.length > 40), what);
          return;
        }
        assert.equal(r.code, 1, `${what}: exit ${r.code}\n${r.err}`);
        assertOneLineError(r.err, { prefixes: ['Error logging in: '] });
        assert.equal(readFileSync(join(home, 'auth.json'), 'utf8'), PREVIOUS, `${what}: the previous credentials changed`);
        assert.equal(r.hits, 1, `${what}: ${r.hits} requests to the failing endpoint (no retries expected)`);
      });
    }
  }
});

test('device login × a delay at each call: still signs in (a slow issuer is not a failure)', async () => {
  for (const step of DEVICE_STEPS) {
    await withHome(async (home) => {
      const done = { v: false };
      const approving = approveWhilePending(done);
      const r = await withFault(step.path, { delayMs: 300 }, () => runCli(['login', '--device-auth', '--experimental_issuer', issuer.url], home, { env: env() }), step.name === 'poll' ? [] : [SLOW_FIRST_POLL]);
      done.v = true;
      await approving;
      assert.equal(r.code, 0, `${step.name}: ${r.err}`);
      assert.equal(JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')).auth_mode, 'chatgpt');
    });
  }
});

test('access-token login × a fault at whoami: exit 1, one line, token never shown, previous credentials kept', async () => {
  const pat = issuer.admin.mintPersonalAccessToken({ account: 'dev@example.com' });
  for (const { name, fault } of [...FAULTS, { name: 'delay', fault: { delayMs: 200 } }]) {
    await withHome(async (home) => {
      const r = await withFault('/api/accounts/v1/user-auth-credential/whoami', fault, () =>
        runCli(['login', '--with-access-token'], home, { stdin: Buffer.from(pat), env: env() }),
      );
      assertNoSecret(r.out + r.err + loginLog(home), [pat, PLANTED.apiKey], name);
      assertNoStack(r.err);
      if (name === 'delay') {
        assert.equal(r.code, 0, r.err);
        assert.equal(JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')).personal_access_token, pat);
        return;
      }
      assert.equal(r.code, 1, `${name}: ${r.err}`);
      assertOneLineError(r.err, { preamble: ['Reading access token from stdin...'], prefixes: ['Error logging in with access token: '] });
      assert.equal(readFileSync(join(home, 'auth.json'), 'utf8'), PREVIOUS, `${name}: the previous credentials changed`);
      assert.ok(r.hits <= 1, `${name}: ${r.hits} whoami requests`);
    });
  }
});

test('logout × a fault at revoke: best effort — logged out (exit 0), one revoke attempt, tokens never shown', async () => {
  for (const { name, fault } of [...FAULTS, { name: 'delay', fault: { delayMs: 200 } }]) {
    await withHome(async (home) => {
      const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
      const doc = chatgptDoc(minted, '2026-11-28T12:00:00Z');
      writeFileSync(join(home, 'auth.json'), JSON.stringify(doc, null, 2), { mode: 0o600 });
      const r = await withFault('/oauth/revoke', fault, () => runCli(['logout'], home, { env: env() }));
      assertNoSecret(r.out + r.err, [minted.refresh_token, minted.access_token, minted.id_token], name);
      assertNoStack(r.err);
      assert.equal(r.code, 0, `${name}: ${r.err}`);
      assert.match(r.err, /(^|\n)Successfully logged out\n$/);
      assert.equal(existsSync(join(home, 'auth.json')), false);
      assert.equal(r.hits, 1, `${name}: ${r.hits} revoke requests`);
    });
  }
});

/** The reference's classification (spec §10.4): these are permanent, everything else transient. */
function permanentFault(fault: Omit<FaultSpec, 'path'>): boolean {
  const code = (fault.body as { error?: string } | undefined)?.error;
  return fault.status === 401 || (fault.status === 400 && code === 'invalid_grant');
}

test('library refresh × a fault at the token endpoint (incl. a delay past the timeout): classified like the reference, one request, credentials never lost', async () => {
  const cases = [...FAULTS, { name: 'delay past the timeout', fault: { delayMs: 1_500, times: 1 } }];
  for (const { name, fault } of cases) {
    await withHome(async (home) => {
      const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
      const doc = chatgptDoc(minted, '2026-11-28T12:00:00Z');
      const stored = JSON.stringify(doc, null, 2);
      writeFileSync(join(home, 'auth.json'), stored, { mode: 0o600 });
      const manager = await createAuthManager({
        env: { ...env(), CODEX_HOME: home, CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token` },
        codexHome: home,
        store: 'file',
        requestTimeoutMs: 300,
      });
      issuer.admin.clearFaults();
      issuer.admin.clearRequests();
      issuer.admin.addFault({ path: '/oauth/token', ...fault });
      const hits = () => issuer.admin.requests({ path: '/oauth/token' }).length;
      const err = await manager.refresh({ reason: 'forced' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(isCodexAuthError(err), `${name}: expected a CodexAuthError, got ${String(err)}`);
      const permanent = permanentFault(fault);
      const expected = permanent ? ['oauth.refresh_permanent'] : fault.delayMs ? ['auth.refresh_timeout'] : ['oauth.refresh_transient'];
      assert.ok(expected.includes(err.code), `${name}: ${err.code}: ${err.message}`);
      assert.doesNotMatch(err.message, /\n/);
      assertNoSecret(err.message + JSON.stringify(err.details), [minted.refresh_token, minted.access_token, minted.id_token], name);
      // The issuer logs a request when it has answered: let a delayed one finish first.
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs! + 200));
      assert.equal(hits(), 1, `${name}: ${hits()} refresh requests for one refresh`);
      if (fault.delayMs) {
        // The caller stopped waiting, but the request was not abandoned: the issuer rotated the
        // token, and the rotated tokens were saved, so the stored refresh token is not a spent one.
        const after = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
        assert.notEqual(after.tokens.refresh_token, minted.refresh_token, `${name}: the rotated tokens were not saved`);
        // The manager first adopts what was saved (no request), then spends it: the issuer
        // accepts it, which it would refuse with refresh_token_reused had it been spent.
        await manager.refresh({ reason: 'forced' });
        await manager.refresh({ reason: 'forced' });
        assert.equal(hits(), 2, `${name}: the saved token was spent once, successfully`);
        const last = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
        assert.notEqual(last.tokens.refresh_token, after.tokens.refresh_token, `${name}: the saved token rotated again`);
        return;
      }
      assert.equal(readFileSync(join(home, 'auth.json'), 'utf8'), stored, `${name}: the credentials changed`);
      // Again: a permanent failure is remembered (no request), a transient one is tried once more.
      await manager.refresh({ reason: 'forced' }).catch(() => undefined);
      assert.equal(hits(), permanent ? 1 : 2, `${name}: ${hits()} requests after a second refresh`);
      // The issuer recovers: a transient failure lost nothing, the same credentials refresh fine.
      issuer.admin.clearFaults();
      if (!permanent) {
        const info = await manager.refresh({ reason: 'forced' });
        assert.ok(info?.token && info.token !== minted.access_token, `${name}: no new token after recovery`);
        assert.notEqual(readFileSync(join(home, 'auth.json'), 'utf8'), stored);
      } else {
        assert.equal(readFileSync(join(home, 'auth.json'), 'utf8'), stored);
      }
    });
  }
});

/** What a person does in the browser: sign in on the issuer's page, follow the redirects. */
function approveInBrowser(url: string): void {
  void (async () => {
    const account = issuer.admin.accounts()[0]!;
    const page = await (await fetch(url)).text();
    const txn = /name="txn" value="([^"]+)"/.exec(page)?.[1];
    if (!txn) return;
    const body = new URLSearchParams({ txn, decision: 'allow', account: `${account.userId} ${account.workspaces[0]!.id}` });
    let next = (await fetch(`${issuer.url}/oauth/authorize/decision`, { method: 'POST', body, redirect: 'manual' })).headers.get('location');
    for (let hops = 0; next && hops < 3; hops++) next = (await fetch(next, { redirect: 'manual' })).headers.get('location');
  })().catch(() => {});
}

test('browser login × a fault at the code exchange or the API-key exchange: previous credentials kept / sign-in still succeeds', async () => {
  const capture = () => {
    let text = '';
    return { stream: new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) }), text: () => text };
  };
  const cases = [
    ...FAULTS.map((f) => ({ ...f, grant: 'authorization_code', fatal: true })),
    ...FAULTS.map((f) => ({ ...f, grant: 'urn:ietf:params:oauth:grant-type:token-exchange', fatal: false })),
  ];
  // Each login binds its own ephemeral port and registers it with the issuer once bound (issue 10:
  // a probed-then-freed port reused later could meanwhile belong to another process).
  for (const c of cases) {
    await withHome(async (home) => {
      const err = capture();
      const store = new FileStore({ codexHome: home });
      const what = `${c.grant.split(':').pop()} × ${c.name}`;
      const r = await withFault(
        '/oauth/token',
        { ...c.fault, match: { grant_type: c.grant } },
        async () => {
          const outcome = await runBrowserLogin({
            env: {},
            now: Date.now,
            stdout: capture().stream,
            stderr: err.stream,
            issuer: issuer.url,
            clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
            store,
            fetch: globalThis.fetch as FetchLike,
            signal: new AbortController().signal,
            port: 0,
            fallbackPort: null,
            successGraceMs: 50,
            openUrl: async (url) => {
              issuer.admin.addRedirectUri(new URL(url).searchParams.get('redirect_uri')!);
              approveInBrowser(url);
              return { kind: 'opened' };
            },
          }).then(
            () => 0,
            (e: unknown) => {
              assert.ok(isCodexAuthError(e), `${what}: ${String(e)}`);
              assert.doesNotMatch(e.message, /\n/);
              return 1;
            },
          );
          return { code: outcome, out: '', err: err.text() };
        },
      );
      assertNoStack(r.err);
      assertNoSecret(r.err, [PLANTED.apiKey], what);
      if (c.fatal) {
        assert.equal(r.code, 1, `${what}: signed in despite the fault`);
        assert.equal(readFileSync(join(home, 'auth.json'), 'utf8'), PREVIOUS, `${what}: the previous credentials changed`);
      } else {
        assert.equal(r.code, 0, `${what}: ${r.err}`);
        const saved = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
        assert.equal(saved.auth_mode, 'chatgpt');
        assert.equal(saved.OPENAI_API_KEY, null, `${what}: an API key was stored from a failed exchange`);
      }
      assert.equal(r.hits, c.fatal ? 1 : 2, `${what}: ${r.hits} token requests`);
    });
  }
});
