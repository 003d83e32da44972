// Each lock mechanism of store/lock-mechanism.ts on this Linux machine: fs-ext, flock(1) and perl
// take real flock(2) locks (they exclude flock(1), the official binary's kind, both ways); the
// helpers leave nothing behind when their owner is SIGKILLed; the portable owner-file lock keeps
// our processes in turn, breaks a dead owner's file, and says once, in one line, what it cannot do.
// Waiting is observed (/proc/locks), not slept through.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCodexAuthError } from '../../../src/errors.js';
import { configureLocks } from '../../../src/store/lock-config.js';
import { findLockMechanism, type LockVia } from '../../../src/store/lock-mechanism.js';
import { ownerFileOf } from '../../../src/store/lock-file.js';
import { withFlock } from '../../../src/store/flock.js';
import { repoRoot, tempHomes } from '../../helpers/run.js';
import { flockEntries, holdWithFlock1, until } from '../../helpers/lock-observe.js';

const homes = tempHomes('codex-auth-lockmech-');
after(() => homes.cleanup());

const timeoutError = () => new Error('lock wait timed out');
const busyForFlock1 = (file: string) => spawnSync('flock', ['-n', file, 'true']).status === 1;

async function lockWith(via: LockVia, path: string, timeoutMs = Infinity) {
  const m = await findLockMechanism('linux', via);
  assert.equal(m.via, via, `${via} works on this machine`);
  const fh = await open(path, 'a+', 0o600);
  try {
    const release = await m.acquire(fh, path, 0o600, { deadline: performance.now() + timeoutMs, onTimeout: timeoutError });
    return async () => {
      await release();
      await fh.close();
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

for (const via of ['fs-ext', 'flock-cmd', 'perl'] as const) {
  describe(`${via}: a real flock`, () => {
    it('while we hold it, flock(1) cannot take it; after release it can', async () => {
      const file = join(homes.make(), 'auth.json.lock');
      const release = await lockWith(via, file);
      assert.equal(busyForFlock1(file), true);
      assert.equal(spawnSync('flock', ['-n', '-s', file, 'true']).status, 1, 'exclusive: not even a shared lock is granted');
      assert.deepEqual(flockEntries(file), { held: 1, waiting: 0 });
      await assert.rejects(lockWith(via, file, 200), /lock wait timed out/, 'a second locker of ours waits');
      await release();
      assert.equal(busyForFlock1(file), false);
    });

    it('while flock(1) holds it, we time out; we wait for it and take it once it is released', async () => {
      const file = join(homes.make(), 'auth.lock');
      const holder = await holdWithFlock1(file);
      let release: (() => Promise<void>) | undefined;
      try {
        await assert.rejects(lockWith(via, file, 200), /lock wait timed out/);
        const waiting = lockWith(via, file).then((r) => (release = r));
        // The helpers wait inside flock(2) (a blocked waiter in /proc/locks); fs-ext polls with LOCK_NB.
        if (via !== 'fs-ext') await until(() => flockEntries(file).waiting === 1, 'a blocked waiter');
        assert.equal(release, undefined);
        await holder.release();
        await waiting;
      } finally {
        await holder.release();
      }
      assert.equal(busyForFlock1(file), true);
      await release!();
    });
  });
}

/** A node process taking the lock on `file` through `via` (src/, via tsx); prints "held <via>" once it has it. */
function lockerProcess(via: LockVia, file: string) {
  const code = `
    const { findLockMechanism } = await import(${JSON.stringify(join(repoRoot, 'src/store/lock-mechanism.ts'))});
    const { open } = await import('node:fs/promises');
    const m = await findLockMechanism('linux', ${JSON.stringify(via)});
    const fh = await open(${JSON.stringify(file)}, 'a+');
    await m.acquire(fh, 'x', 0o600, { deadline: Infinity, onTimeout: () => new Error('t') });
    process.stdout.write('held ' + m.via + '\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const held = new Promise<void>((resolve) => child.stdout.setEncoding('utf8').on('data', (d: string) => d.includes(`held ${via}`) && resolve()));
  return { child, exited, held };
}

it('flock-cmd: SIGKILL of a process still WAITING leaves its helper waiting; when the lock comes free the helper takes it and exits, so nobody holds it', async () => {
  const file = join(homes.make(), 'auth.lock');
  const holder = await holdWithFlock1(file);
  const p = lockerProcess('flock-cmd', file);
  try {
    await until(() => flockEntries(file).waiting === 1, 'the helper blocked in flock(2)');
    p.child.kill('SIGKILL');
    await p.exited;
    assert.equal(flockEntries(file).waiting, 1, 'the orphaned helper still waits');
  } finally {
    await holder.release();
  }
  await until(() => !busyForFlock1(file), 'the lock free again');
  assert.deepEqual(flockEntries(file), { held: 0, waiting: 0 });
});

for (const via of ['flock-cmd', 'perl'] as const) {
  it(`${via}: SIGKILL of the process holding the lock releases it; no helper outlives it`, async () => {
    const file = join(homes.make(), 'auth.refresh.lock');
    const p = lockerProcess(via, file);
    await p.held;
    assert.equal(busyForFlock1(file), true);
    const helpers = spawnSync('pgrep', ['-P', String(p.child.pid)], { encoding: 'utf8' }).stdout.trim();
    assert.equal(helpers, '', 'the helper has exited: the lock is held by our own descriptor');
    p.child.kill('SIGKILL');
    await p.exited;
    assert.equal(busyForFlock1(file), false, 'the kernel released it with the process');
  });
}

describe('lock-file: the portable owner-file lock', () => {
  it('excludes our own lockers, removes its owner file on release', async () => {
    const file = join(homes.make(), 'auth.lock');
    const release = await lockWith('lock-file', file);
    assert.equal(readFileSync(ownerFileOf(file), 'utf8'), `${process.pid}\n`);
    await assert.rejects(lockWith('lock-file', file, 100), /lock wait timed out/);
    await release();
    assert.ok(!existsSync(ownerFileOf(file)));
    await (await lockWith('lock-file', file, 100))();
  });

  it("breaks a dead owner's file at once; keeps a live owner's", async () => {
    const file = join(homes.make(), 'auth.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(ownerFileOf(file), `${dead}\n`);
    await (await lockWith('lock-file', file, 100))();
    writeFileSync(ownerFileOf(file), `${process.ppid}\n`); // alive: the test runner
    await assert.rejects(lockWith('lock-file', file, 100), /lock wait timed out/);
    assert.equal(readFileSync(ownerFileOf(file), 'utf8'), `${process.ppid}\n`);
  });

  it('withFlock through it: the notice comes once per process, one line, and timeouts keep their message', async () => {
    const lines: string[] = [];
    configureLocks({ prefer: 'lock-file', notice: (l) => lines.push(l) });
    const home = homes.make();
    const file = join(home, 'auth.json.lock');
    await withFlock(file, 0o600, async () => {
      await assert.rejects(withFlock(file, 0o600, async () => {}, { timeoutMs: 50 }), (e: unknown) =>
        isCodexAuthError(e, 'store.lock_timeout') && e.message === `credential commit lock timed out (another codex or codex-auth process holds ${file}; try again)`);
    });
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /\n/);
    assert.match(lines[0]!, /^codex-auth: note: .*do not exclude the official codex binary \(CODEX_AUTH_LOCK=lock-file; see "Install" in the README\)$/);
  });
});

it("a library host's `warn` hears the notice once when it set no notice of its own", async () => {
  const home = homes.make();
  const code = `
    const { createAuthManager, configureLocks } = await import(${JSON.stringify(join(repoRoot, 'src/index.ts'))});
    configureLocks({ prefer: 'lock-file' });
    const warnings = [];
    const m = await createAuthManager({ codexHome: ${JSON.stringify(home)}, env: {}, store: 'file', warn: (w) => warnings.push(w) });
    await m.logout();
    await m.logout();
    await m.close();
    process.stdout.write(JSON.stringify(warnings));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const warnings = JSON.parse(r.stdout) as string[];
  assert.equal(warnings.filter((w) => w.includes('do not exclude the official codex binary')).length, 1, r.stdout);
});
