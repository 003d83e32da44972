// The file store against the official binary and flock(1): same bytes, same locks, mutual exclusion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore, withCredentialLocks } from '../../../src/store/file-store.js';
import { withFlock } from '../../../src/store/flock.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { baseEnv, runOfficial } from '../../helpers/run.js';
import { withTempHome } from '../../helpers/temp-home.js';

const KEY = 'sk-interop-1234567890ABCDE';


/** flock(1) holding `lock` until killed; resolves once the lock is held. */
function holdWithFlock1(lock: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // -o: only flock(1) itself holds the lock (not the command), so killing its group releases it.
    const child = spawn('flock', ['-o', '-x', lock, '-c', 'echo locked; exec sleep 60'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      if (d.includes('locked')) resolve(child);
    });
    child.on('error', reject);
  });
}
function release(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}
function exited(child: ChildProcess): Promise<void> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.on('exit', () => r())));
}
/** pids (other than flock(1) holders we started) that have `path` open: a process waiting on that lock. */
function openers(path: string, except: number[] = []): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)) {
    if (except.includes(pid)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === path) {
          out.push(pid);
          break;
        }
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return out;
}

/**
 * Proof of waiting instead of a sleep (issue 10): polls (bounded) until `cond` holds; fails
 * with `what` if the operation finished first or 60 s pass.
 */
async function until(cond: () => boolean, finished: () => boolean, what: string): Promise<void> {
  const by = Date.now() + 60_000;
  while (!cond()) {
    assert.ok(!finished(), `${what}: it finished instead of waiting`);
    assert.ok(Date.now() < by, `${what}: not seen within 60 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('official writes, we read; we write, official reads and sees the same bytes it would write', () =>
  withTempHome(async (home) => {
    const r = await runOfficial(['login', '--with-api-key'], { env: baseEnv(home), stdin: KEY });
    assert.equal(r.code, 0, r.stderr);
    const official = readFileSync(join(home, 'auth.json'), 'utf8');
    const s = new FileStore({ codexHome: home });
    const doc = await s.load();
    assert.deepEqual(doc, { auth_mode: 'apikey', OPENAI_API_KEY: KEY });
    await s.save(doc!);
    assert.equal(readFileSync(join(home, 'auth.json'), 'utf8'), official);
    const st = await runOfficial(['login', 'status'], { env: baseEnv(home) });
    assert.equal(st.code, 0);
    assert.match(st.stderr, /API key configured - sk-inter\*\*\*ABCDE/);
  }));

test('while flock(1) holds auth.json.lock our save waits, and times out like the reference', () =>
  withTempHome(async (home) => {
    const holder = await holdWithFlock1(join(home, 'auth.json.lock'));
    try {
      const s = new FileStore({ codexHome: home, commitLockTimeoutMs: 300 });
      await assert.rejects(s.save({ auth_mode: 'apikey', OPENAI_API_KEY: KEY }), (e: unknown) =>
        isCodexAuthError(e, 'store.lock_timeout') && e.message === `credential commit lock timed out (another codex or codex-auth process holds ${join(home, 'auth.json.lock')}; try again)`);
      assert.ok(!existsSync(join(home, 'auth.json')));
      let done = false;
      const saving = new FileStore({ codexHome: home }).save({ auth_mode: 'apikey', OPENAI_API_KEY: KEY }).then(() => (done = true));
      // We hold auth.lock and have auth.json.lock open, unfinished: we wait on the commit lock.
      await until(() => openers(join(home, 'auth.json.lock'), [holder.pid!]).includes(process.pid), () => done, 'save waiting on auth.json.lock');
      assert.equal(done, false, 'save must wait for the lock');
      assert.ok(!existsSync(join(home, 'auth.json')));
      release(holder);
      await exited(holder);
      await saving;
      assert.ok(existsSync(join(home, 'auth.json')));
    } finally {
      release(holder, 'SIGKILL');
    }
  }));

test('while flock(1) holds auth.lock our save waits', () =>
  withTempHome(async (home) => {
    const holder = await holdWithFlock1(join(home, 'auth.lock'));
    try {
      let done = false;
      let waiting = false;
      const saving = new FileStore({ codexHome: home, onLockWait: () => (waiting = true), waitNoticeMs: 0 })
        .save({ auth_mode: 'apikey', OPENAI_API_KEY: KEY })
        .then(() => (done = true));
      // onLockWait fires only after an attempt found auth.lock held by someone else.
      await until(() => waiting, () => done, 'save waiting on auth.lock');
      assert.equal(done, false);
      assert.ok(!existsSync(join(home, 'auth.json')));
      release(holder);
      await exited(holder);
      await saving;
    } finally {
      release(holder, 'SIGKILL');
    }
  }));

test('our locks exclude flock(1) (real flock, not fcntl)', () =>
  withTempHome(async (home) => {
    await withCredentialLocks(home, async () => {
      for (const f of ['auth.lock', 'auth.json.lock']) {
        const r = spawnSync('flock', ['-n', join(home, f), 'true']);
        assert.equal(r.status, 1, `${f} should be busy`);
      }
    });
    assert.equal(spawnSync('flock', ['-n', join(home, 'auth.json.lock'), 'true']).status, 0);
  }));

test('while we hold auth.json.lock the official login waits, then gives up with its timeout message', () =>
  withTempHome(async (home) => {
    let officialDone = false;
    await withFlock(join(home, 'auth.json.lock'), 0o600, async () => {
      const run = runOfficial(['login', '--with-api-key'], { env: baseEnv(home), stdin: KEY, timeoutMs: 20_000 }).then((r) => {
        officialDone = true;
        return r;
      });
      await until(() => openers(join(home, 'auth.json.lock')).some((p) => p !== process.pid), () => officialDone, 'official login waiting on auth.json.lock');
      assert.equal(officialDone, false, 'official binary must wait');
      assert.ok(!existsSync(join(home, 'auth.json')));
      const r = await run;
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Error logging in: credential commit lock timed out/);
    });
    assert.ok(!existsSync(join(home, 'auth.json')));
  }));

test('while we hold auth.json.lock briefly the official login waits and then succeeds', () =>
  withTempHome(async (home) => {
    let officialDone = false;
    let run: Promise<unknown> = Promise.resolve();
    await withFlock(join(home, 'auth.json.lock'), 0o600, async () => {
      run = runOfficial(['login', '--with-api-key'], { env: baseEnv(home), stdin: KEY }).then((r) => {
        officialDone = true;
        return r;
      });
      await until(() => openers(join(home, 'auth.json.lock')).some((p) => p !== process.pid), () => officialDone, 'official login waiting on auth.json.lock');
      assert.equal(officialDone, false);
      assert.ok(!existsSync(join(home, 'auth.json')));
    });
    const r = (await run) as { code: number };
    assert.equal(r.code, 0);
    assert.ok(existsSync(join(home, 'auth.json')));
  }));

test('official logout waits on auth.lock held by us', () =>
  withTempHome(async (home) => {
    await new FileStore({ codexHome: home }).save({ auth_mode: 'apikey', OPENAI_API_KEY: KEY });
    let done = false;
    let run: Promise<{ code: number | null; stderr: string }> = Promise.resolve({ code: null, stderr: '' });
    await withFlock(join(home, 'auth.lock'), 0o644, async () => {
      run = runOfficial(['logout'], { env: baseEnv(home) }).then((r) => {
        done = true;
        return r;
      });
      await until(() => openers(join(home, 'auth.lock')).some((p) => p !== process.pid), () => done, 'official logout waiting on auth.lock');
      assert.equal(done, false);
      assert.ok(existsSync(join(home, 'auth.json')));
    });
    const r = await run;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(home, 'auth.json')));
  }));
