/**
 * Which mechanism takes our file locks: chosen once per process, the first that works here.
 *
 * 1. `fs-ext` — the optional native addon (built at install when install scripts run and a C++
 *    toolchain exists): flock(2) in-process; on Windows its flock is LockFileEx, like the official
 *    binary's lock there.
 * 2. `flock-cmd` — POSIX: util-linux/BusyBox flock(1) locking our own descriptor (flock-cmd.ts).
 * 3. `perl` — POSIX: the same through perl's flock (macOS has perl, not flock(1)).
 * 4. `lock-file` — anywhere: an O_EXCL owner file (lock-file.ts). Excludes codex-auth processes
 *    only; the host is told once, in one line (STORE.noExclusiveLock).
 *
 * `CODEX_AUTH_LOCK` (lock-config.ts) moves one of them to the front, e.g. to check the fallback.
 * 1–3 exclude the official binary (it takes flock on POSIX, LockFileEx on Windows).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { devNull } from 'node:os';
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { LOCK_VIAS, lockSettings, type LockVia } from './lock-config.js';
import { flockCommandWorks, flockViaCommand } from './flock-cmd.js';
import { lockWithOwnerFile } from './lock-file.js';
import { pollUntil, type LockWait } from './lock-wait.js';
import { rustIoError } from './rust-fmt.js';

export type { LockVia } from './lock-config.js';
/** What the lock is to the official binary: a flock, a LockFileEx lock, or only our owner file. */
export type LockKind = 'flock' | 'LockFileEx' | 'lock-file';

export interface LockMechanism {
  via: LockVia;
  kind: LockKind;
  /** Takes the exclusive lock on `fh` (open on `path`); resolves its release (before `fh` is closed). */
  acquire(fh: FileHandle, path: string, mode: number, w: LockWait): Promise<() => Promise<void>>;
}

type FsExt = { flockSync(fd: number, flags: 'exnb' | 'un'): void };

async function loadFsExt(): Promise<FsExt | undefined> {
  try {
    const m = (await import('fs-ext')) as unknown as { default?: FsExt } & FsExt;
    const ext = m.default ?? m;
    return typeof ext.flockSync === 'function' ? ext : undefined;
  } catch {
    return undefined; // not installed, or installed without its build (--ignore-scripts, no toolchain)
  }
}

function isWouldBlock(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

function fsExtMechanism(ext: FsExt, platform: NodeJS.Platform): LockMechanism {
  return {
    via: 'fs-ext',
    kind: platform === 'win32' ? 'LockFileEx' : 'flock',
    // Never blocks a libuv thread: each attempt is LOCK_EX|LOCK_NB, retried after short sleeps.
    async acquire(fh, path, _mode, w) {
      await pollUntil(() => {
        try {
          ext.flockSync(fh.fd, 'exnb');
          return true;
        } catch (e) {
          if (isWouldBlock(e)) return false;
          throw new CodexAuthError('store.lock', STORE.lockFailed(path, rustIoError(e)), { cause: e });
        }
      }, w);
      return async () => {
        try {
          ext.flockSync(fh.fd, 'un');
        } catch {
          // Closing the descriptor releases the lock anyway.
        }
      };
    },
  };
}

const noRelease = async () => {};

function commandMechanism(via: 'flock-cmd' | 'perl'): LockMechanism {
  return {
    via,
    kind: 'flock',
    async acquire(fh, path, _mode, w) {
      await flockViaCommand(via, fh, path, w);
      return noRelease; // the caller's close of fh releases it
    },
  };
}

const lockFileMechanism: LockMechanism = {
  via: 'lock-file',
  kind: 'lock-file',
  acquire: (_fh, path, mode, w) => lockWithOwnerFile(path, mode, w),
};

async function commandWorks(cmd: 'flock-cmd' | 'perl'): Promise<boolean> {
  const probe = await open(devNull, 'r').catch(() => undefined);
  if (!probe) return false;
  try {
    return await flockCommandWorks(cmd, probe.fd);
  } finally {
    await probe.close();
  }
}

/** The mechanism `via` if it works on this machine. */
async function tryMechanism(via: LockVia, platform: NodeJS.Platform): Promise<LockMechanism | undefined> {
  if (via === 'fs-ext') {
    const ext = await loadFsExt();
    return ext && fsExtMechanism(ext, platform);
  }
  if (via === 'lock-file') return lockFileMechanism;
  if (platform === 'win32') return undefined; // no descriptor-inheriting flock helpers there
  return (await commandWorks(via)) ? commandMechanism(via) : undefined;
}

/** Finds the first working mechanism (the preferred one first). */
export async function findLockMechanism(platform: NodeJS.Platform = process.platform, prefer = lockSettings.prefer): Promise<LockMechanism> {
  const order = prefer ? [prefer, ...LOCK_VIAS.filter((v) => v !== prefer)] : LOCK_VIAS;
  for (const via of order) {
    const m = await tryMechanism(via, platform);
    if (m) return m;
  }
  return lockFileMechanism;
}

let chosen: Promise<LockMechanism> | undefined;
let noticed = false;

/** This process's mechanism (found on first use). Says once when it cannot exclude the official binary. */
export async function lockMechanism(): Promise<LockMechanism> {
  const m = await (chosen ??= findLockMechanism());
  if (m.kind === 'lock-file' && !noticed) {
    noticed = true;
    lockSettings.notice?.(STORE.noExclusiveLock(lockSettings.prefer === 'lock-file' ? 'chosen' : process.platform === 'win32' ? 'windows' : 'posix'));
  }
  return m;
}

/** For `login status --json`: the lock kind and how it is taken, without taking one. */
export async function describeLocks(): Promise<{ lock: LockKind; lock_via: LockVia }> {
  const m = await (chosen ??= findLockMechanism());
  return { lock: m.kind, lock_via: m.via };
}
