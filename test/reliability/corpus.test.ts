// Bad-input corpus (issue 6), generated with fast-check and run in-process through the CLI's
// main(): auth.json, config.toml, stdin secrets, CA files and issuer responses. Every case: one
// clear line (plus documented second lines), a documented exit code, no stack trace, no secret,
// and CODEX_HOME unchanged byte for byte unless the command succeeded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isCodexAuthError } from '../../src/errors.js';
import { CallbackServer } from '../../src/login/browser/callback-server.js';
import { resolveTrustedRoots } from '../../src/net/ca.js';
import {
  authJsonCase,
  caFileCase,
  configTomlCase,
  expectedStdinSecret,
  hugeAuthJsonCase,
  PLANTED,
  PLANTED_PRIVATE_KEY_BODY,
  PLANTED_SECRETS,
  stdinSecretCase,
} from '../helpers/bad-input.js';
import { runCli } from '../helpers/hermetic-cli.js';
import { baseEnv, runOurs } from '../helpers/run.js';
import { assertNoSecret, assertNoStack, assertOneLineError, assertUnchanged, lines, snapshotDir } from '../helpers/invariants.js';

/** A fresh CODEX_HOME per case (fast-check runs many). */
async function withHome<T>(fn: (home: string) => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'codex-auth-rel-'));
  try {
    return await fn(home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const STATUS_OK: readonly RegExp[] = [
  /^Logged in using ChatGPT$/,
  /^Logged in using personal access token$/,
  /^Logged in using access token$/,
  /^Logged in using Amazon Bedrock API key$/,
  /^API key configured - .+\nAuthentication is checked when you send a request\.$/,
];

/** `login status` against any auth.json: documented lines, exit 0/1, never a write. */
async function checkStatus(bytes: Uint8Array): Promise<void> {
  await withHome(async (home) => {
    writeFileSync(join(home, 'auth.json'), bytes, { mode: 0o600 });
    const before = snapshotDir(home);
    const r = await runCli(['login', 'status'], home);
    assert.equal(r.out, '');
    assertUnchanged(home, before);
    assertNoSecret(r.err, PLANTED_SECRETS, 'stderr');
    assertNoStack(r.err);
    if (r.code === 0) {
      const text = lines(r.err).join('\n');
      assert.ok(STATUS_OK.some((re) => re.test(text)), `undocumented success output: ${text.slice(0, 300)}`);
    } else {
      assert.equal(r.code, 1);
      assertOneLineError(r.err, { prefixes: ['Not logged in', 'Error checking login status: '] });
    }
  });
}

test('auth.json corpus × login status: one line, exit 0/1, no stack, no secret, nothing written', async () => {
  await fc.assert(fc.asyncProperty(authJsonCase, (c) => checkStatus(c.bytes)), { includeErrorInReport: true, numRuns: 250 });
});

test('huge auth.json (MBs, deep nesting) × login status: still one clear line and no crash', async () => {
  await fc.assert(fc.asyncProperty(hugeAuthJsonCase, (c) => checkStatus(c.bytes)), { includeErrorInReport: true, numRuns: 6 });
});

test('auth.json corpus × logout: removed with exit 0, or one error line and nothing changed', async () => {
  await fc.assert(
    fc.asyncProperty(authJsonCase, async (c) => {
      await withHome(async (home) => {
        writeFileSync(join(home, 'auth.json'), c.bytes, { mode: 0o600 });
        const before = snapshotDir(home);
        const r = await runCli(['logout'], home);
        assert.equal(r.out, '');
        assertNoSecret(r.err, PLANTED_SECRETS, 'stderr');
        assertNoStack(r.err);
        if (r.code === 0) {
          // The best-effort revoke (ChatGPT tokens) may add its documented warning line first.
          assert.match(r.err, /^(Warning: could not revoke the token on the server \([^\n]*\); the local credentials were removed anyway\.\n)?Successfully logged out\n$/);
          assert.equal(existsSync(join(home, 'auth.json')), false);
        } else {
          assert.equal(r.code, 1);
          assertOneLineError(r.err, { prefixes: ['Error logging out: '] });
          assertUnchanged(home, before);
        }
      });
    }),
    { includeErrorInReport: true, numRuns: 80 },
  );
});

test('config.toml corpus × login status and login --with-api-key: config errors are one line (+ the documented `in` line)', async () => {
  await fc.assert(
    fc.asyncProperty(configTomlCase, fc.boolean(), async (c, apiKeyLogin) => {
      await withHome(async (home) => {
        writeFileSync(join(home, 'config.toml'), c.bytes);
        writeFileSync(join(home, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: PLANTED.apiKey }), { mode: 0o600 });
        const before = snapshotDir(home);
        const argv = apiKeyLogin ? ['login', '--with-api-key'] : ['login', 'status'];
        const r = await runCli(argv, home, { stdin: Buffer.from(PLANTED.stdinKey) });
        assert.equal(r.out, '');
        assertNoSecret(r.err, PLANTED_SECRETS, 'stderr');
        assertNoStack(r.err);
        const preamble = apiKeyLogin ? ['Reading API key from stdin...'] : [];
        if (r.code === 0) {
          const expected = apiKeyLogin
            ? /^Reading API key from stdin\.\.\.\nAPI key saved\. Authentication is checked when you send a request\.\n$/
            : /^API key configured - .+\nAuthentication is checked when you send a request\.\n$/;
          assert.match(r.err, expected);
          if (apiKeyLogin) assert.equal(JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')).OPENAI_API_KEY, PLANTED.stdinKey);
          return;
        }
        assert.equal(r.code, 1);
        // The reference quotes a bad value verbatim (`unknown variant \`a<newline>b\``): one line
        // apart from what the user wrote inside the quotes.
        const err = r.err.replace(/`[^`]*`/g, (q) => q.replace(/\n/g, '\\n'));
        const line = assertOneLineError(err, {
          preamble,
          prefixes: ['Error loading configuration: ', 'API key login is disabled. Use ChatGPT login instead.', 'Not logged in'],
          secondLine: /^in `[^`\n]+`$/,
        });
        assert.ok(line.length < 1000, `config error line is ${line.length} chars long`);
        if (line.startsWith('API key login is disabled')) {
          // The reference opens the login log before the policy check: only log/ may have appeared.
          const log = readFileSync(join(home, 'log', 'codex-login.log'), 'utf8');
          assertNoSecret(log, PLANTED_SECRETS, 'login log');
          rmSync(join(home, 'log'), { recursive: true });
        }
        assertUnchanged(home, before);
      });
    }),
    { includeErrorInReport: true, numRuns: 120 },
  );
});

test('stdin secret corpus × login --with-api-key: the reference trim, UTF-8 checked, never echoed', async () => {
  await fc.assert(
    fc.asyncProperty(stdinSecretCase, async (c) => {
      await withHome(async (home) => {
        const before = snapshotDir(home);
        const r = await runCli(['login', '--with-api-key'], home, { stdin: c.bytes });
        const expected = expectedStdinSecret(c.bytes);
        assert.equal(r.out, '');
        assertNoStack(r.err);
        assertNoSecret(r.err, PLANTED_SECRETS, 'stderr');
        if (expected.outcome === 'key') {
          assert.equal(r.code, 0, r.err);
          assert.equal(r.err, 'Reading API key from stdin...\nAPI key saved. Authentication is checked when you send a request.\n');
          const stored = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')) as { OPENAI_API_KEY: string };
          assert.equal(stored.OPENAI_API_KEY, expected.key, `stored key differs (${c.kind})`);
          assertNoSecret(readFileSync(join(home, 'log', 'codex-login.log'), 'utf8'), [expected.key, PLANTED.stdinKey], 'login log');
          return;
        }
        assert.equal(r.code, 1);
        const msg = expected.outcome === 'empty' ? 'No API key provided via stdin.' : 'Failed to read stdin: stream did not contain valid UTF-8';
        assert.equal(r.err, `Reading API key from stdin...\n${msg}\n`);
        assertUnchanged(home, before);
      });
    }),
    { includeErrorInReport: true, numRuns: 120 },
  );
});

test('stdin secret corpus × login --with-access-token: empty and non-UTF-8 refused before anything is written', async () => {
  await fc.assert(
    fc.asyncProperty(stdinSecretCase, async (c) => {
      const expected = expectedStdinSecret(c.bytes);
      fc.pre(expected.outcome !== 'key');
      await withHome(async (home) => {
        const before = snapshotDir(home);
        const r = await runCli(['login', '--with-access-token'], home, { stdin: c.bytes });
        assert.equal(r.code, 1);
        const msg = expected.outcome === 'empty' ? 'No access token provided via stdin.' : 'Failed to read stdin: stream did not contain valid UTF-8';
        assert.equal(r.err, `Reading access token from stdin...\n${msg}\n`);
        assertUnchanged(home, before);
      });
    }),
    { includeErrorInReport: true, numRuns: 30 },
  );
});

test('CA file corpus: strict clients fail with one clear line, lenient ones warn once; key material never shown', async () => {
  await fc.assert(
    fc.asyncProperty(caFileCase, fc.constantFrom('CODEX_CA_CERTIFICATE', 'SSL_CERT_FILE'), async (c, variable) => {
      await withHome(async (dir) => {
        const file = join(dir, 'ca.pem');
        writeFileSync(file, c.bytes);
        let err: unknown;
        try {
          resolveTrustedRoots({ env: { [variable]: file }, strictCa: true });
        } catch (e) {
          err = e;
        }
        assert.ok(isCodexAuthError(err), `${c.kind}: expected a CodexAuthError, got ${String(err)}`);
        assert.match(err.code, /^net\.ca_(read|parse)$/);
        assert.doesNotMatch(err.message, /\n/);
        assert.ok(err.message.includes(file), 'the message names the file');
        assert.ok(err.message.includes(`selected by ${variable}`));
        assert.ok(!err.message.includes(PLANTED_PRIVATE_KEY_BODY), 'the message shows private key material');
        assertNoStack(err.message);
      });
    }),
    { includeErrorInReport: true, numRuns: 60 },
  );
  // Lenient (refresh, revoke, whoami): one warning line, then the system roots.
  await withHome(async (dir) => {
    const file = join(dir, 'ca.pem');
    writeFileSync(file, `-----BEGIN PRIVATE KEY-----\n${PLANTED_PRIVATE_KEY_BODY}\n-----END PRIVATE KEY-----\n`);
    const warnings: string[] = [];
    const roots = resolveTrustedRoots({ env: { CODEX_CA_CERTIFICATE: file }, strictCa: false, warn: (m) => warnings.push(m) });
    assert.equal(roots.customCount, 0);
    assert.equal(warnings.length, 1);
    assert.doesNotMatch(warnings[0]!, /\n/);
    assert.ok(!warnings[0]!.includes(PLANTED_PRIVATE_KEY_BODY));
  });
});

test('end to end through bin/codex-auth.js: a handful of corpus cases as real processes', async () => {
  const cases: Array<{ argv: string[]; files?: Record<string, Uint8Array | string>; stdin?: Buffer; code: number; err: RegExp }> = [
    { argv: ['login', 'status'], files: { 'auth.json': '{"auth_mode":"apikey","OPENAI_API_KEY":' }, code: 1, err: /^Error checking login status: failed to deserialize CLI auth from file: EOF while parsing a value at line 1 column 39 \(in .+auth\.json; fix or delete the file, or run codex-auth logout\)\n$/ },
    { argv: ['login', 'status'], files: { 'auth.json': Buffer.from([0x7b, 0xff, 0x7d]) }, code: 1, err: /^Error checking login status: stream did not contain valid UTF-8 \(in .+\)\n$/ },
    { argv: ['login', 'status'], files: { 'config.toml': 'forced_login_method = "bogus"\n' }, code: 1, err: /^Error loading configuration: .+config\.toml:1:23: unknown variant `bogus`, expected `chatgpt` or `api`\n$/ },
    { argv: ['login', '--with-api-key'], stdin: Buffer.from([0x73, 0x6b, 0xff]), code: 1, err: /^Reading API key from stdin\.\.\.\nFailed to read stdin: stream did not contain valid UTF-8\n$/ },
    { argv: ['login', '--with-api-key'], stdin: Buffer.from(` \n${PLANTED.stdinKey}\u0085\n`), code: 0, err: /^Reading API key from stdin\.\.\.\nAPI key saved\. Authentication is checked when you send a request\.\n$/ },
  ];
  for (const c of cases) {
    await withHome(async (home) => {
      for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(home, name), content);
      const before = snapshotDir(home);
      const r = await runOurs(c.argv, { env: baseEnv(home), stdin: c.stdin });
      assert.equal(r.code, c.code, `${c.argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, c.err);
      assert.equal(r.stdout, '');
      assertNoStack(r.stderr);
      assertNoSecret(r.stderr, PLANTED_SECRETS, 'stderr');
      if (c.code !== 0) assertUnchanged(home, before);
      else assert.equal(JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')).OPENAI_API_KEY, PLANTED.stdinKey);
    });
  }
});

test('callback query string corpus: every answer is 200/302/400/404, never echoes the code or unescaped markup, never crashes', async () => {
  const STATE = 'st4te-abcdefghijklmnopqrstuvwxyz0123456789ABC';
  const CODE = 'ac-PLANTED-callback-code-8e1f4a2c9b7d';
  const hostile = fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '%00', '%ff%fe', '\u202e', 'a'.repeat(5000), '%', '%%41', '&&&', '==');
  const value = fc.oneof(fc.string({ maxLength: 20 }), hostile);
  const param = fc.oneof(
    fc.constant(['code', CODE] as const),
    fc.constantFrom(['state', STATE] as const, ['state', 'wrong'] as const, ['state', ''] as const),
    fc.tuple(fc.constantFrom('error', 'error_description', 'state', 'code', 'x', ''), value),
  );
  const raw = fc.array(param, { maxLength: 6 }).map((ps) => ps.map(([k, v]) => `${encodeURIComponent(k)}=${/^%/.test(v) ? v : encodeURIComponent(v)}`).join('&'));
  const path = fc.constantFrom('/auth/callback', '/auth/callback/', '/AUTH/CALLBACK', '/success', '/', '/auth/callback;x', '//auth/callback');
  await fc.assert(
    fc.asyncProperty(path, raw, fc.constantFrom('GET', 'POST', 'HEAD'), async (p, query, method) => {
      const server = new CallbackServer({ state: STATE, warn: () => {}, successGraceMs: 50, complete: async () => ({ needsSetup: false, platformUrl: 'https://platform.openai.com', idToken: PLANTED.idToken, orgId: '', projectId: '', planType: 'plus' }) });
      await new Promise<void>((r) => server.server.listen(0, '127.0.0.1', () => r()));
      const port = (server.server.address() as AddressInfo).port;
      server.setPort(port);
      try {
        const r = await fetch(`http://127.0.0.1:${port}${p}?${query}`, { method, redirect: 'manual' });
        const body = await r.text();
        assert.ok([200, 302, 400, 404].includes(r.status), `status ${r.status} for ${p}?${query.slice(0, 100)}`);
        assertNoSecret(body + (r.headers.get('location') ?? ''), [CODE, PLANTED.idToken], 'callback answer');
        assert.ok(!body.includes('<script>alert(1)</script>') && !body.includes('<img src=x'), 'unescaped markup in the page');
        assertNoStack(body);
      } finally {
        server.fail(new Error('test over'));
        await server.result.catch(() => undefined);
        server.server.closeAllConnections();
        await new Promise((r) => server.server.close(r));
      }
    }),
    { includeErrorInReport: true, numRuns: 150 },
  );
});
