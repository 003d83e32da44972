// Issue 16: the packed tarball installs and works without a compiler or install scripts.
// `npm pack`, then `npm install -g --prefix <fresh> <tarball>` twice: with --ignore-scripts (fs-ext is
// unpacked but never built: locks go through flock(1) on our own descriptor) and with install
// scripts allowed (fs-ext builds: flock(2) in-process). On each install: login / status / token /
// logout with no internal error; a storm of 8 `token` processes on an expired token against the
// embedded issuer makes exactly one refresh; and the official binary's locks and ours exclude each
// other in the same CODEX_HOME. Waiting is shown by observed state (/proc/locks, /proc/PID/fd) while
// a lock is held, never by sleeping.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expiringLogin, storedAccessToken, stormEnv } from '../../e2e/auth/storm-helpers.js';
import { baseEnv, repoRoot, runOfficial, tempDir, tempHomes } from '../../helpers/run.js';
import { flockEntries, hasOpen, holdWithFlock1, until } from '../../helpers/lock-observe.js';
import { ownerFileOf } from '../../../src/store/lock-file.js';

const KEY = 'sk-packed-1234567890ABCDE';
const work = tempDir('codex-auth-pack-');
const homes = tempHomes('codex-auth-packed-home-');
let tarball = '';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running CLI of the install under test. */
function startCli(pkg: string, args: string[], env: Record<string, string>, stdin = '') {
  const child = spawn(process.execPath, [join(pkg, 'bin', 'codex-auth.js'), ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(stdin);
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<Ran>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, done };
}
const cli = (pkg: string, args: string[], env: Record<string, string>, stdin = '') => startCli(pkg, args, env, stdin).done;

/** A node process of the install under test holding its own credential locks until its stdin closes. */
function holdOurLocks(pkg: string, home: string): Promise<{ release: () => Promise<void> }> {
  const code = `import(${JSON.stringify(join(pkg, 'dist', 'store', 'index.js'))}).then((s) =>
    s.withFlock(${JSON.stringify(join(home, 'auth.json.lock'))}, 0o600, () => {
      process.stdout.write('held\\n');
      return new Promise((r) => process.stdin.on('data', () => {}).on('end', r));
    }))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    child.on('error', reject);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (d.includes('held')) resolve({ release: () => (child.stdin.end(), exited) });
    });
  });
}

/**
 * 8 `token` processes of the install on an expired token while `hold` keeps the refresh lock: once
 * every one of them has reached the lock (has the file open), the lock is released; exactly one
 * refresh must follow and every process print the one stored token.
 */
async function tokenStorm(pkg: string, extraEnv: Record<string, string>, hold: (lock: string) => Promise<() => Promise<void>>): Promise<Ran[]> {
  const home = homes.make();
  const s = await expiringLogin(home, -30);
  try {
    const env = { ...stormEnv(home, s.issuer.url), ...extraEnv };
    const lock = join(home, 'auth.refresh.lock');
    writeFileSync(lock, '');
    const release = await hold(lock);
    const runs = Array.from({ length: 8 }, () => startCli(pkg, ['token'], env));
    try {
      await until(() => runs.every((r) => hasOpen(r.child.pid!, lock)), 'all 8 token processes at the refresh lock');
      assert.deepEqual(s.refreshes(), []);
      assert.ok(runs.every((r) => r.child.exitCode === null));
    } finally {
      await release();
    }
    const results = await Promise.all(runs.map((r) => r.done));
    const token = storedAccessToken(home);
    for (const r of results) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${token}\n`);
      assert.doesNotMatch(r.stderr, /internal error/);
    }
    assert.deepEqual(s.refreshes(), [{ outcome: 'rotated', status: 200 }]);
    return results;
  } finally {
    await s.issuer.close();
  }
}

function install(ignoreScripts: boolean): string {
  const prefix = join(work.path, ignoreScripts ? 'no-scripts' : 'scripts');
  const args = ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', ...(ignoreScripts ? ['--ignore-scripts'] : []), tarball];
  const r = spawnSync('npm', args, { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
  return join(prefix, 'lib', 'node_modules', 'codex-auth');
}

before(() => {
  // `npm test` has just built dist/; packing runs no scripts, as a registry tarball's consumer sees it.
  const r = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work.path], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  tarball = join(work.path, readdirSync(work.path).find((f) => f.endsWith('.tgz'))!);
});
after(() => {
  homes.cleanup();
  work.cleanup();
});

for (const variant of [
  { name: '--ignore-scripts', ignoreScripts: true, via: 'flock-cmd' },
  { name: 'install scripts allowed', ignoreScripts: false, via: 'fs-ext' },
] as const) {
  describe(`packed tarball installed with ${variant.name}`, () => {
    let pkg = '';
    before(() => {
      pkg = install(variant.ignoreScripts);
      const built = existsSync(join(pkg, 'node_modules', 'fs-ext', 'build', 'Release', 'fs_ext.node'));
      assert.equal(built, !variant.ignoreScripts, 'fs-ext is built exactly when install scripts ran');
    });

    it(`login --with-api-key, login status (--json: lock ${variant.via}), token, logout: no internal error`, async () => {
      const home = homes.make();
      const env = baseEnv(home);
      const all: Ran[] = [];
      const step = async (args: string[], stdin = '') => {
        const r = await cli(pkg, args, env, stdin);
        all.push(r);
        return r;
      };
      assert.equal((await step(['login', '--with-api-key'], KEY)).code, 0);
      const st = await step(['login', 'status']);
      assert.equal(st.code, 0);
      assert.match(st.stderr, /API key configured - sk-packe\*\*\*ABCDE/);
      const js = JSON.parse((await step(['login', 'status', '--json'])).stdout);
      assert.equal(js.logged_in, true);
      assert.deepEqual([js.lock, js.lock_via], ['flock', variant.via]);
      const tok = await step(['token']);
      assert.equal(tok.code, 0);
      assert.equal(tok.stdout, `${KEY}\n`);
      const out = await step(['logout']);
      assert.equal(out.code, 0, out.stderr);
      assert.ok(!existsSync(join(home, 'auth.json')));
      for (const r of all) {
        assert.doesNotMatch(r.stderr, /internal error|Cannot find module|note: locks here/);
      }
    });

    it('a storm of 8 `token` processes on an expired token: all wait on the refresh lock, then exactly one refresh', async () => {
      const results = await tokenStorm(pkg, {}, async (lock) => (await holdWithFlock1(lock)).release);
      for (const r of results) assert.doesNotMatch(r.stderr, /note: locks here/, 'each of 8 first uses at once chose a real flock');
    });

    if (variant.ignoreScripts) {
      it('the same storm through the portable owner-file lock (CODEX_AUTH_LOCK=lock-file): one refresh; each process says so once, in one line', async () => {
        const results = await tokenStorm(pkg, { CODEX_AUTH_LOCK: 'lock-file' }, async (lock) => {
          writeFileSync(ownerFileOf(lock), `${process.pid}\n`); // held by a live process: this test
          return async () => rmSync(ownerFileOf(lock));
        });
        for (const r of results) {
          const notes = r.stderr.split('\n').filter((l) => l.includes('note: locks here'));
          assert.equal(notes.length, 1, r.stderr);
          assert.match(notes[0]!, /^codex-auth: note: locks here keep codex-auth processes in turn but do not exclude the official codex binary \(CODEX_AUTH_LOCK=lock-file; see "Install" in the README\)$/);
        }
      });
    }

    it('while this install holds auth.json.lock, the official login cannot commit (its own ~5 s commit-lock timeout); after release it can', async () => {
      const home = homes.make();
      const held = await holdOurLocks(pkg, home);
      try {
        const r = await runOfficial(['login', '--with-api-key'], { env: baseEnv(home), stdin: KEY, timeoutMs: 30_000 });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /Error logging in: credential commit lock timed out/);
        assert.ok(!existsSync(join(home, 'auth.json')));
      } finally {
        await held.release();
      }
      const r = await runOfficial(['login', '--with-api-key'], { env: baseEnv(home), stdin: KEY });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(existsSync(join(home, 'auth.json')));
    });

    it('while a flock holder (the official kind) holds auth.json.lock, this install cannot commit: our commit-lock timeout, one clear line', async () => {
      const home = homes.make();
      const lock = join(home, 'auth.json.lock');
      const holder = await holdWithFlock1(lock);
      try {
        const r = await cli(pkg, ['login', '--with-api-key'], baseEnv(home), KEY);
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`credential commit lock timed out \\(another codex or codex-auth process holds ${lock}; try again\\)\\n$`));
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
        assert.ok(!existsSync(join(home, 'auth.json')));
      } finally {
        await holder.release();
      }
    });

    it('while a flock holder holds auth.lock, this install waits at it (observed), then logs in when it is released', async () => {
      const home = homes.make();
      const lock = join(home, 'auth.lock');
      const holder = await holdWithFlock1(lock);
      const run = startCli(pkg, ['login', '--with-api-key'], baseEnv(home), KEY);
      try {
        await until(() => hasOpen(run.child.pid!, lock), 'our login at auth.lock');
        // flock(1) helpers wait in the kernel (a blocked waiter in /proc/locks); fs-ext polls.
        if (variant.via === 'flock-cmd') await until(() => flockEntries(lock).waiting === 1, 'a blocked flock waiter on auth.lock');
        assert.equal(run.child.exitCode, null);
        assert.ok(!existsSync(join(home, 'auth.json')));
      } finally {
        await holder.release();
      }
      const r = await run.done;
      assert.equal(r.code, 0, r.stderr);
      assert.ok(existsSync(join(home, 'auth.json')));
    });
  });
}
