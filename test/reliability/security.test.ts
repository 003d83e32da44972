// Security (issue 6): auth.json 0600 and CODEX_HOME 0700 when we create them, secrets never in
// argv or the process title of a running login, URL redaction of codes and tokens, the callback
// server and the issuer's admin API unreachable from non-loopback peers. (Foreign Host and
// wrong/replayed state on the callback server: test/unit/login/callback-server.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { startIssuer } from '../../src/issuer/index.js';
import { bindCallbackServer } from '../../src/login/browser/port.js';
import { redactUrl, SENSITIVE_QUERY_KEYS } from '../../src/net/redact.js';
import { FileStore } from '../../src/store/file-store.js';
import { PLANTED } from '../helpers/bad-input.js';
import { runCli } from '../helpers/hermetic-cli.js';
import { assertNoSecret } from '../helpers/invariants.js';
import { baseEnv, ourBin, runOurs, tempDir } from '../helpers/run.js';
import { withTempHome } from '../helpers/temp-home.js';

const mode = (p: string): number => statSync(p).mode & 0o777;

test('auth.json is created 0600, and an existing 0644 one becomes 0600 on the next save', () =>
  withTempHome(async (home) => {
    const r = await runCli(['login', '--with-api-key'], home, { stdin: Buffer.from(PLANTED.stdinKey) });
    assert.equal(r.code, 0, r.err);
    assert.equal(mode(join(home, 'auth.json')), 0o600);
    assert.equal(mode(join(home, 'log', 'codex-login.log')), 0o600);
    chmodSync(join(home, 'auth.json'), 0o644);
    await new FileStore({ codexHome: home }).save({ auth_mode: 'apikey', OPENAI_API_KEY: PLANTED.apiKey });
    assert.equal(mode(join(home, 'auth.json')), 0o600);
  }));

test('a CODEX_HOME we create (default ~/.codex) is 0700, whichever writes first', async () => {
  const d = tempDir();
  try {
    // CLI: the login log is the first writer. A subprocess, since ~ comes from the real HOME.
    const home1 = join(d.path, 'h1');
    mkdirSync(home1);
    const r = await runOurs(['login', '--with-api-key'], { env: baseEnv(home1, { CODEX_HOME: undefined, HOME: home1 }), stdin: PLANTED.stdinKey });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(mode(join(home1, '.codex')), 0o700);
    assert.equal(mode(join(home1, '.codex', 'auth.json')), 0o600);
    // Library: the file store is the first writer (nested, missing parents too).
    const home2 = join(d.path, 'h2', 'nested', '.codex');
    await new FileStore({ codexHome: home2 }).save({ auth_mode: 'apikey', OPENAI_API_KEY: PLANTED.apiKey });
    assert.equal(mode(home2), 0o700);
    assert.equal(mode(join(home2, 'auth.json')), 0o600);
  } finally {
    d.cleanup();
  }
});

/** Starts our CLI with stdin held open, so it sits in the middle of reading the secret. */
async function argvWhileRunning(args: string[], secret: string): Promise<{ cmdline: string; comm: string; stderr: string; code: number | null }> {
  const d = tempDir();
  try {
    const child = spawn(process.execPath, [ourBin, ...args], { env: baseEnv(d.path), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    // Half the secret now; the process keeps reading until EOF.
    child.stdin.write(secret.slice(0, 10));
    let gone = false;
    child.on('exit', () => (gone = true));
    // Bounded: a CLI that exits or never prompts fails the test instead of hanging it.
    const by = Date.now() + 60_000;
    while (!stderr.includes('from stdin...')) {
      assert.ok(!gone, `the CLI exited before reading stdin: ${stderr}`);
      assert.ok(Date.now() < by, `no prompt within 60 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').join(' ');
    const comm = readFileSync(`/proc/${child.pid}/comm`, 'utf8');
    const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    child.stdin.end(secret.slice(10));
    const code = await exited;
    // And after the secret arrived: nothing re-exec'd with it, nothing on stderr.
    return { cmdline, comm, stderr, code };
  } finally {
    d.cleanup();
  }
}

test('a running `login --with-api-key` / `--with-access-token` holds no secret in argv or its process title', async () => {
  const k = await argvWhileRunning(['login', '--with-api-key'], PLANTED.stdinKey);
  assert.equal(k.code, 0, k.stderr);
  assertNoSecret(k.cmdline + k.comm + k.stderr, [PLANTED.stdinKey, PLANTED.stdinKey.slice(0, 10)], 'argv/title/stderr');
  assert.match(k.cmdline, /codex-auth\.js login --with-api-key/);
  const t = await argvWhileRunning(['login', '--with-access-token'], PLANTED.pat);
  assertNoSecret(t.cmdline + t.comm + t.stderr, [PLANTED.pat, PLANTED.pat.slice(0, 10)], 'argv/title/stderr');
});

test('redactUrl: no value of a sensitive query key, userinfo password or fragment survives, in any spelling', () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9._~-]{12,40}$/).map((s) => `S3CR3T${s}`);
  const keySpelling = fc.tuple(fc.constantFrom(...SENSITIVE_QUERY_KEYS), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), fc.boolean()).map(([k, ups, encode]) => {
    const cased = [...k].map((c, i) => (ups[i] ? c.toUpperCase() : c)).join('');
    return encode ? cased.replace(/[a-z]/i, (c) => `%${c.charCodeAt(0).toString(16)}`) : cased;
  });
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.tuple(keySpelling, secret).map(([k, v]) => ({ k, v, secret: true })), fc.tuple(fc.constantFrom('client_id', 'scope', 'x'), fc.constantFrom('app_1', 'openid', 'y')).map(([k, v]) => ({ k, v, secret: false }))), { maxLength: 6 }),
      secret,
      secret,
      fc.constantFrom('http://127.0.0.1:1455/auth/callback', 'https://auth.openai.com/oauth/token', 'http://localhost/success'),
      (pairs, password, fragment, where) => {
        const query = pairs.map((p) => `${p.k}=${encodeURIComponent(p.v)}`).join('&');
        const url = new URL(`${where}${query ? `?${query}` : ''}#${fragment}`);
        url.username = 'user';
        url.password = password;
        const out = redactUrl(url.href);
        assertNoSecret(out, [password, fragment, ...pairs.filter((p) => p.secret).map((p) => p.v)], 'redacted URL');
        for (const p of pairs.filter((x) => !x.secret)) assert.ok(out.includes(`${p.k}=${p.v}`), `lost ${p.k}`);
      },
    ),
    { numRuns: 300 },
  );
});

/** A non-loopback IPv4 address of this machine (the callers a loopback-only server must refuse). */
function externalAddress(): string {
  const addrs = Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && a.family === 'IPv4' && !a.internal);
  assert.ok(addrs.length > 0, 'this machine has no non-loopback IPv4 address to test from');
  return addrs[0]!.address;
}

/** Connects to host:port; resolves the HTTP status of GET path, or the connect error code. */
function probe(host: string, port: number, path: string, hostHeader = `127.0.0.1:${port}`): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpRequest({ host, port, path, headers: { host: hostHeader }, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.end();
  });
}

test('callback server: bound to 127.0.0.1 only, so a non-loopback peer cannot even connect', async () => {
  const server = createHttpServer((_req, res) => res.end('reached'));
  const port = await bindCallbackServer(server, { port: 0, fallbackPort: null, warn: () => {} });
  try {
    assert.equal((server.address() as AddressInfo).address, '127.0.0.1');
    assert.equal(await probe('127.0.0.1', port, '/cancel-probe'), 200);
    assert.equal(await probe(externalAddress(), port, '/auth/callback?code=x&state=y'), 'ECONNREFUSED');
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('issuer admin API: off by default; when on, refuses non-loopback peers even on a public bind', async () => {
  const plain = await startIssuer();
  try {
    assert.equal(await probe('127.0.0.1', Number(new URL(plain.url).port), '/admin/accounts'), 404);
    assert.equal(new URL(plain.url).hostname, '127.0.0.1', 'the issuer listens on loopback by default');
  } finally {
    await plain.close();
  }
  const open = await startIssuer({ admin: true, host: '0.0.0.0' });
  try {
    const port = Number(new URL(open.url).port);
    assert.equal(await probe('127.0.0.1', port, '/admin/accounts'), 200);
    // Same machine, but through a non-loopback interface: the peer address is not loopback.
    assert.equal(await probe(externalAddress(), port, '/admin/accounts'), 403);
    // A page in a local browser (DNS rebinding) names another host: refused as well.
    assert.equal(await probe('127.0.0.1', port, '/admin/accounts', `rebind.example:${port}`), 403);
    // The protocol endpoints stay reachable for everyone the operator exposed them to.
    assert.notEqual(await probe(externalAddress(), port, '/.well-known/openid-configuration'), 403);
  } finally {
    await open.close();
  }
});
