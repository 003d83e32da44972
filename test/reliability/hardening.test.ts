// Issue 10 (outside attack): symlinked auth.json, special files in place of auth.json /
// config.toml / the CA file, oversized inputs. Each case here failed on the main of issue 10.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file-store.js';
import { INPUT_SIZES, makeSpecial, PLANTED, SPECIAL_KINDS } from '../helpers/bad-input.js';
import { runCli } from '../helpers/hermetic-cli.js';
import { baseEnv, runOurs, tempDir } from '../helpers/run.js';
import { withTempHome } from '../helpers/temp-home.js';

const KEY_DOC = (key: string) => `${JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: key }, null, 2)}\n`;

test('a symlinked auth.json pointing at a file that is not ours is never written, locked beside or deleted', () =>
  withTempHome(async (dir) => {
    const home = join(dir, 'home');
    const victim = join(dir, 'passwd');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(home);
    writeFileSync(victim, 'root:x:0:0:root:/root:/bin/sh\n');
    symlinkSync(victim, join(home, 'auth.json'));
    const r = await runCli(['login', '--with-api-key'], home, { stdin: Buffer.from(PLANTED.stdinKey) });
    assert.equal(r.code, 1, r.err);
    assert.equal(readFileSync(victim, 'utf8'), 'root:x:0:0:root:/root:/bin/sh\n', 'the target was overwritten');
    assert.deepEqual(readdirSync(dir).sort(), ['home', 'passwd'], 'a lock file appeared beside the target');
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 2, r.err); // "Reading API key from stdin..." + the one refusal
    assert.match(lines[1]!, /^Error logging in: refusing to write credentials through the symlink .*not an auth\.json document/);
    // logout removes the link only: the file it points to holds no credentials of ours.
    const out = await runCli(['logout'], home);
    assert.equal(out.code, 0, out.err);
    assert.equal(readFileSync(victim, 'utf8'), 'root:x:0:0:root:/root:/bin/sh\n');
    assert.equal(existsSync(join(home, 'auth.json')), false);
  }));

test('a symlinked auth.json to a shared auth.json is followed, and logout deletes the credentials where they live', () =>
  withTempHome(async (dir) => {
    const { mkdirSync } = await import('node:fs');
    const home = join(dir, 'home');
    const shared = join(dir, 'shared');
    mkdirSync(home);
    mkdirSync(shared);
    writeFileSync(join(shared, 'auth.json'), KEY_DOC(PLANTED.apiKey), { mode: 0o600 });
    symlinkSync(join(shared, 'auth.json'), join(home, 'auth.json'));
    const r = await runCli(['login', '--with-api-key'], home, { stdin: Buffer.from(PLANTED.stdinKey) });
    assert.equal(r.code, 0, r.err);
    assert.ok(lstatSync(join(home, 'auth.json')).isSymbolicLink(), 'the link stays');
    assert.match(readFileSync(join(shared, 'auth.json'), 'utf8'), new RegExp(PLANTED.stdinKey));
    // A link to a missing auth.json (first login on a shared setup) is followed too.
    const out = await runCli(['logout'], home);
    assert.equal(out.code, 0, out.err);
    assert.equal(existsSync(join(shared, 'auth.json')), false, 'logout left the key in the link target');
    assert.equal(existsSync(join(home, 'auth.json')), false);
    symlinkSync(join(shared, 'auth.json'), join(home, 'auth.json'));
    const again = await runCli(['login', '--with-api-key'], home, { stdin: Buffer.from(PLANTED.stdinKey) });
    assert.equal(again.code, 0, again.err);
    assert.match(readFileSync(join(shared, 'auth.json'), 'utf8'), new RegExp(PLANTED.stdinKey));
  }));

test('a link to a regular auth.json owned by another user is refused', () =>
  withTempHome(async (dir) => {
    const { chownSync, mkdirSync } = await import('node:fs');
    const home = join(dir, 'home');
    mkdirSync(home);
    const other = join(dir, 'auth.json');
    writeFileSync(other, KEY_DOC(PLANTED.apiKey));
    chownSync(other, 4242, 4242);
    symlinkSync(other, join(home, 'auth.json'));
    const r = await runCli(['login', '--with-api-key'], home, { stdin: Buffer.from(PLANTED.stdinKey) });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /is owned by another user/);
    assert.equal(readFileSync(other, 'utf8'), KEY_DOC(PLANTED.apiKey));
  }));

/** Runs our CLI in a subprocess (a hang must not hang the test runner) and returns its result. */
async function runBounded(args: string[], home: string, extra: Record<string, string> = {}, stdin = '') {
  const r = await runOurs(args, { env: baseEnv(home, extra), stdin, timeoutMs: 60_000 });
  assert.equal(r.signal, null, `${args.join(' ')} hung (killed after 60 s)`);
  return r;
}

for (const kind of SPECIAL_KINDS) {
  test(`a ${kind} in place of auth.json, config.toml or the CA file: one clear line, never a hang`, async () => {
    const d = tempDir();
    try {
      // auth.json
      const home1 = join(d.path, 'h1');
      (await import('node:fs')).mkdirSync(home1);
      const close1 = await makeSpecial(join(home1, 'auth.json'), kind);
      try {
        for (const args of [['login', 'status'], ['token']]) {
          const r = await runBounded(args, home1);
          assert.equal(r.code, 1, r.stderr);
          assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
          assert.match(r.stderr, kind === 'directory' ? /Is a directory \(os error 21\)/ : /not a regular file/);
        }
        const save = await runBounded(['login', '--with-api-key'], home1, {}, PLANTED.stdinKey);
        assert.equal(save.code, 1, save.stderr);
        assert.doesNotMatch(save.stderr, /internal error/);
      } finally {
        await close1();
      }
      // config.toml
      const home2 = join(d.path, 'h2');
      (await import('node:fs')).mkdirSync(home2);
      const close2 = await makeSpecial(join(home2, 'config.toml'), kind);
      try {
        const r = await runBounded(['login', 'status'], home2);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, kind === 'directory' ? /EISDIR: illegal operation on a directory/ : /not a regular file/);
      } finally {
        await close2();
      }
      // the CA file (strict client: the device login's first request)
      const home3 = join(d.path, 'h3');
      (await import('node:fs')).mkdirSync(home3);
      const ca = join(d.path, 'ca.pem');
      const close3 = await makeSpecial(ca, kind);
      try {
        const r = await runBounded(['login', '--device-auth', '--experimental_issuer', 'http://127.0.0.1:9'], home3, { CODEX_CA_CERTIFICATE: ca });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, kind === 'directory' ? /Is a directory \(os error 21\)/ : /Failed to read CA certificate file .* not a regular file/);
      } finally {
        await close3();
      }
    } finally {
      d.cleanup();
    }
  });
}

test('inputs from 1 KB to 100 MB: a saved key is always read back, never a crash', { timeout: 600_000 }, () =>
  withTempHome(async (home) => {
    for (const size of INPUT_SIZES) {
      const key = `sk-${'k'.repeat(size)}`;
      const save = await runBounded(['login', '--with-api-key'], home, {}, key);
      assert.equal(save.code, 0, `${size}: ${save.stderr.slice(0, 300)}`);
      const status = await runBounded(['login', 'status'], home);
      assert.equal(status.code, 0, `${size}: ${status.stderr.slice(0, 300)}`);
      assert.match(status.stderr, /^API key configured - sk-kk/);
      const token = await runBounded(['token'], home);
      assert.equal(token.code, 0, `${size}: ${token.stderr.slice(0, 300)}`);
      assert.equal(token.stdout.length, key.length + 1, `${size}: token printed a different key`);
      // The library reads it back too (the fast path and the serde emulation alike).
      const doc = await new FileStore({ codexHome: home }).load();
      assert.equal(doc?.OPENAI_API_KEY?.length, key.length);
    }
  }));

test('a 10 MB string anywhere in auth.json is read (or refused with a line), never a stack overflow', () =>
  withTempHome(async (home) => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const docs = [
      { auth_mode: 'apikey', OPENAI_API_KEY: PLANTED.apiKey, padding: big },
      { auth_mode: 'chatgpt', tokens: { id_token: big, access_token: PLANTED.accessToken, refresh_token: PLANTED.refreshToken } },
      { auth_mode: 'apikey', OPENAI_API_KEY: `${big}\\"` },
    ];
    for (const doc of docs) {
      writeFileSync(join(home, 'auth.json'), JSON.stringify(doc));
      for (const args of [['login', 'status'], ['token']]) {
        const r = await runCli(args, home);
        assert.doesNotMatch(r.err, /internal error|Maximum call stack/, r.err.slice(0, 300));
      }
    }
  }));

test('logout after `login --issuer X` revokes at X (the issuer in oauth_provenance), never at auth.openai.com', () =>
  withTempHome(async (home) => {
    const { createServer } = await import('node:http');
    const seen: Array<{ url: string; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        seen.push({ url: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const issuer = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    try {
      const doc = {
        auth_mode: 'chatgpt',
        OPENAI_API_KEY: null,
        tokens: { id_token: PLANTED.idToken, access_token: PLANTED.accessToken, refresh_token: PLANTED.refreshToken, oauth_provenance: { issuer, client_id: 'app_issuer_x' }, account_id: 'acct-1' },
        last_refresh: '2026-11-28T12:15:49Z',
      };
      writeFileSync(join(home, 'auth.json'), JSON.stringify(doc));
      // No revoke override: the hermetic refresh override must not outrank the issuer either.
      const r = await runCli(['logout'], home, { env: { CODEX_REVOKE_TOKEN_URL_OVERRIDE: undefined, NO_PROXY: '127.0.0.1' } });
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err, 'Successfully logged out\n');
      assert.equal(seen.length, 1, 'the revoke did not reach the issuer that issued the token');
      assert.equal(seen[0]!.url, '/oauth/revoke');
      assert.deepEqual(JSON.parse(seen[0]!.body), { token: PLANTED.refreshToken, token_type_hint: 'refresh_token', client_id: 'app_issuer_x' });
    } finally {
      await new Promise((r) => server.close(r));
    }
  }));

test('waiting on another process\'s auth.lock: one line on stderr, then the login completes', () =>
  withTempHome(async (home) => {
    const { withFlock } = await import('../../src/store/flock.js');
    const { fakeIO } = await import('../helpers/fake-io.js');
    const { hermeticEnv } = await import('../helpers/hermetic-cli.js');
    const { main } = await import('../../src/cli/main.js');
    const { Readable } = await import('node:stream');
    let finished: Promise<number> | undefined;
    const io = fakeIO({ env: hermeticEnv(home) });
    await withFlock(join(home, 'auth.lock'), 0o600, async () => {
      finished = main({ argv: ['login', '--with-api-key'], env: io.env, stdin: Readable.from([Buffer.from(PLANTED.stdinKey)]), stdout: io.stdout, stderr: io.stderr, now: io.now });
      // Hold the lock until the waiting line is out (bounded: a missing line fails, never hangs).
      const deadline = Date.now() + 60_000;
      while (!io.err().includes('Waiting for another Codex process')) {
        assert.ok(Date.now() < deadline, `no waiting line after 60 s: ${io.err()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(existsSync(join(home, 'auth.json')), false, 'wrote without the lock');
    });
    assert.equal(await finished, 0, io.err());
    assert.equal(io.err().split('Waiting for another Codex process').length, 2, 'said more than once');
    assert.match(readFileSync(join(home, 'auth.json'), 'utf8'), new RegExp(PLANTED.stdinKey));
  }));

test('every file codex-auth creates in CODEX_HOME is 0600, even under umask 000 (auth.lock included)', async () => {
  const d = tempDir();
  try {
    const { execFileSync } = await import('node:child_process');
    const { ourBin } = await import('../helpers/run.js');
    const { statSync } = await import('node:fs');
    const env = baseEnv(d.path);
    execFileSync('sh', ['-c', `umask 000; printf %s "$KEY" | "${process.execPath}" "${ourBin}" login --with-api-key`], { env: { ...env, KEY: PLANTED.stdinKey }, stdio: 'pipe' });
    execFileSync('sh', ['-c', `umask 000; "${process.execPath}" "${ourBin}" logout; printf %s "$KEY" | "${process.execPath}" "${ourBin}" login --with-api-key`], { env: { ...env, KEY: PLANTED.stdinKey }, stdio: 'pipe' });
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else files.push(join(dir, e.name));
      }
    };
    walk(d.path);
    assert.ok(files.some((f) => f.endsWith('auth.lock')), `no auth.lock among ${files.join(', ')}`);
    for (const f of files) assert.equal((statSync(f).mode & 0o777).toString(8), '600', f);
  } finally {
    d.cleanup();
  }
});

test('prototype keys in -c overrides, config.toml and auth.json are plain keys: nothing reaches Object.prototype', () =>
  withTempHome(async (home) => {
    const { PROTOTYPE_KEYS } = await import('../helpers/bad-input.js');
    const probe = () => (({}) as Record<string, unknown>)['polluted'];
    try {
      for (const k of PROTOTYPE_KEYS) {
        for (const o of [`${k}.polluted=1`, `constructor.prototype.polluted=1`, `a.${k}.polluted=1`, `${k}=1`, `features.${k}=true`]) {
          const r = await runCli(['-c', o, 'logout'], home);
          assert.doesNotMatch(r.err, /internal error/, `${o}: ${r.err}`);
          assert.equal(probe(), undefined, `-c ${o} polluted Object.prototype`);
        }
        writeFileSync(join(home, 'config.toml'), `${k}.polluted = 1\n[features]\n${k} = true\n[a.${k}]\npolluted = 2\n`);
        const c = await runCli(['logout'], home);
        assert.doesNotMatch(c.err, /internal error/, c.err);
        assert.equal(probe(), undefined, `config.toml ${k} polluted Object.prototype`);
        writeFileSync(join(home, 'config.toml'), '');
        writeFileSync(join(home, 'auth.json'), `{"${k}":{"polluted":1},"auth_mode":"apikey","OPENAI_API_KEY":"${PLANTED.apiKey}"}`);
        const s = await runCli(['login', 'status'], home);
        assert.doesNotMatch(s.err, /internal error/, s.err);
        assert.equal(probe(), undefined, `auth.json ${k} polluted Object.prototype`);
      }
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
  }));

test('server text never reaches the terminal or the log raw: every builder of a message from server words', async () => {
  const fc = (await import('fast-check')).default;
  const { CONTROL_TEXTS, hasRawControl } = await import('../helpers/bad-input.js');
  const { tokenEndpointError } = await import('../../src/oauth/token-endpoint-error.js');
  const { classifyRefreshFailure } = await import('../../src/oauth/refresh.js');
  const { revokeToken } = await import('../../src/oauth/revoke.js');
  const { callbackErrorMessage } = await import('../../src/login/browser/callback-server.js');
  const controlChar = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }), fc.constantFrom(0x2028, 0x2029, 0x202e, 0x2066)).map((c) => String.fromCodePoint(c));
  const hostile = fc.oneof(
    fc.constantFrom(...CONTROL_TEXTS),
    fc.array(fc.oneof(fc.string({ maxLength: 5 }), controlChar), { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
  );
  await fc.assert(
    fc.asyncProperty(hostile, fc.constantFrom(400, 401, 500), async (text, status) => {
      const bodies = [
        JSON.stringify({ error: 'invalid_grant', error_description: text }),
        JSON.stringify({ error: { message: text, code: 'x' } }),
        JSON.stringify({ error: text }),
        text,
      ];
      for (const body of bodies) {
        const messages = [tokenEndpointError(status, body).message, classifyRefreshFailure(status, body).message];
        try {
          await revokeToken({
            fetch: async () => new Response(body, { status }),
            url: 'http://127.0.0.1:9/oauth/revoke',
            token: 'rt',
            kind: 'refresh_token',
            clientId: 'c',
          });
        } catch (e) {
          messages.push((e as Error).message);
        }
        for (const m of messages) assert.ok(!hasRawControl(m, false), `raw control character in ${JSON.stringify(m)}`);
      }
      const cb = callbackErrorMessage('access_denied', text).message;
      assert.ok(!hasRawControl(cb, false), `raw control character in ${JSON.stringify(cb)}`);
      const cb2 = callbackErrorMessage(text, null).message;
      assert.ok(!hasRawControl(cb2, false), `raw control character in ${JSON.stringify(cb2)}`);
    }),
    { numRuns: 200 },
  );
});

test('a revoke server answering with escape sequences and forged lines: logout prints two plain lines', () =>
  withTempHome(async (home) => {
    const { createServer } = await import('node:http');
    const { hasRawControl } = await import('../helpers/bad-input.js');
    const server = createServer((req, res) => {
      req.resume().on('end', () =>
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error_description: '\u001b]0;owned\u0007\u001b[2J\nSuccessfully logged in\n\u009b31m' })),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/oauth/revoke`;
    try {
      writeFileSync(join(home, 'auth.json'), JSON.stringify({ auth_mode: 'chatgpt', tokens: { id_token: PLANTED.idToken, access_token: PLANTED.accessToken, refresh_token: PLANTED.refreshToken, account_id: 'acct-1' } }));
      const r = await runCli(['logout'], home, { env: { CODEX_REVOKE_TOKEN_URL_OVERRIDE: url, NO_PROXY: '127.0.0.1' } });
      assert.equal(r.code, 0, r.err);
      const lines = r.err.split('\n');
      assert.equal(lines.length, 3, JSON.stringify(r.err));
      assert.match(lines[0]!, /^Warning: could not revoke the token on the server/);
      assert.equal(lines[1], 'Successfully logged out');
      assert.ok(!hasRawControl(r.err), JSON.stringify(r.err));
    } finally {
      await new Promise((r) => server.close(r));
    }
  }));

/** A browser login whose token endpoint never answers (it only stops when its signal aborts). */
async function hangingExchange(o: { tokenRequestTimeoutMs?: number; abortWhenCalled?: AbortController }) {
  const { runBrowserLogin } = await import('../../src/login/browser/flow.js');
  const { MemoryStore } = await import('../helpers/auth-fakes.js');
  const { Writable } = await import('node:stream');
  let err = '';
  const stderr = new Writable({ write: (c, _e, cb) => ((err += c.toString()), cb()) });
  const stdout = new Writable({ write: (_c, _e, cb) => cb() });
  let calls = 0;
  let requestSignal: AbortSignal | undefined;
  const fetch = ((_u: unknown, init?: RequestInit) => {
    calls++;
    requestSignal = init?.signal ?? undefined;
    o.abortWhenCalled?.abort(new Error('interrupted'));
    return new Promise<Response>((_resolve, reject) => {
      const s = init?.signal;
      if (s?.aborted) reject(s.reason);
      s?.addEventListener('abort', () => reject(s.reason), { once: true });
    });
  }) as import('../../src/net/types.js').FetchLike;
  const signal = o.abortWhenCalled?.signal ?? new AbortController().signal;
  const outcome = await runBrowserLogin({
    env: {},
    now: Date.now,
    stdout,
    stderr,
    issuer: 'http://127.0.0.1:9',
    clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
    store: new MemoryStore(null),
    fetch,
    signal,
    port: 0,
    fallbackPort: null,
    successGraceMs: 50,
    ...(o.tokenRequestTimeoutMs !== undefined ? { tokenRequestTimeoutMs: o.tokenRequestTimeoutMs } : {}),
    openUrl: async (url) => {
      const u = new URL(url);
      const back = new URL(u.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', 'code-1');
      back.searchParams.set('state', u.searchParams.get('state')!);
      void globalThis.fetch(back).catch(() => {});
      return { kind: 'opened' };
    },
  }).then(
    () => ({ ok: true as const }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  return { outcome, err, calls, signal, requestSignal };
}

test('the code exchange has the refresh bound (a hanging token endpoint fails the login, not 300 s later)', { timeout: 120_000 }, async () => {
  const { isCodexAuthError } = await import('../../src/errors.js');
  const { TOKEN_REQUEST_TIMEOUT_MS } = await import('../../src/oauth/constants.js');
  assert.equal(TOKEN_REQUEST_TIMEOUT_MS, 30_000);
  const r = await hangingExchange({ tokenRequestTimeoutMs: 300 });
  assert.equal(r.calls, 1);
  assert.equal(r.outcome.ok, false);
  const e = (r.outcome as { e: unknown }).e;
  assert.ok(isCodexAuthError(e), String(e));
  assert.match(e.message, /OAuth token request failed: error sending request for url \(http:\/\/127\.0\.0\.1:9\/oauth\/token\)/);
  assert.equal(e.details['timedOut'] ?? (e.cause as { details?: { timedOut?: boolean } })?.details?.timedOut ?? true, true);
});

test('Ctrl-C during the code exchange stops it at once and prints nothing extra', { timeout: 120_000 }, async () => {
  const ac = new AbortController();
  const r = await hangingExchange({ abortWhenCalled: ac, tokenRequestTimeoutMs: 600_000 });
  assert.equal(r.outcome.ok, false);
  assert.equal((r.outcome as { e: unknown }).e, ac.signal.reason, 'the login did not end with the interrupt itself');
  assert.equal(r.requestSignal?.aborted, true, 'the token request itself was not stopped');
  assert.doesNotMatch(r.err, /Token exchange error|error sending request/, r.err);
});

test('secrets a server echoes back are redacted in every spelling: raw, percent-encoded, form-encoded, JSON-escaped', async () => {
  const fc = (await import('fast-check')).default;
  const { tokenEndpointError } = await import('../../src/oauth/token-endpoint-error.js');
  const { classifyRefreshFailure } = await import('../../src/oauth/refresh.js');
  const { PLANTED_SPECIAL } = await import('../helpers/bad-input.js');
  const special = fc.stringMatching(/^[A-Za-z0-9+/=!'()*~"\\ %&?#é-]{6,24}$/).map((s) => `PLANTED${s}`);
  const forms = (s: string) => [s, encodeURIComponent(s), new URLSearchParams({ x: s }).toString().slice(2), JSON.stringify(s).slice(1, -1)];
  fc.assert(
    fc.property(fc.oneof(special, fc.constant(PLANTED_SPECIAL)), fc.constantFrom(0, 1, 2, 3), fc.boolean(), (secret, form, asJson) => {
      const echoed = forms(secret)[form]!;
      const body = asJson ? JSON.stringify({ error: 'invalid_grant', error_description: `bad token ${echoed} here` }) : `bad token ${echoed} here`;
      for (const m of [tokenEndpointError(400, body, [secret]).message, classifyRefreshFailure(500, body, [secret]).message]) {
        for (const f of forms(secret)) assert.ok(!m.includes(f), `secret leaked as ${JSON.stringify(f)} in ${JSON.stringify(m)}`);
      }
    }),
    { numRuns: 400 },
  );
});
