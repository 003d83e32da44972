/**
 * flock(2) without a native addon: a short-lived helper process takes the lock on OUR open file
 * description. We open the lock file ourselves (so its creation mode stays ours) and hand the
 * descriptor to the helper as its fd 3; the helper runs `flock(3, LOCK_EX)` (blocking, off our
 * event loop) and exits. A flock lock belongs to the open file description, not to the process,
 * and a helper's exit does not drop it while we still hold a descriptor of that description: from
 * then on WE hold the lock, exactly as if we had called flock(2) ourselves. Closing our handle
 * releases it, and so does our death (SIGKILL included: the kernel closes our descriptors), so no
 * holder process outlives us or needs to be told to let go.
 *
 * Helpers: util-linux or BusyBox `flock(1)` (`flock -x 3`), and perl's built-in flock for systems
 * without flock(1) (macOS ships perl). Waiting ends by killing the helper (deadline or abort); if it
 * got the lock at that very moment, closing our handle (the caller always does) releases it.
 */
import { spawn } from 'node:child_process';
import type { FileHandle } from 'node:fs/promises';
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import type { LockWait } from './lock-wait.js';

export type FlockCommand = 'flock-cmd' | 'perl';

const PERL_FLOCK = 'use Fcntl qw(:flock); open(my $f, "+<&=", 3) or exit 2; flock($f, LOCK_EX) or exit 3; exit 0';

/** `wait`: LOCK_EX, blocking (a lock); else LOCK_SH|LOCK_NB (a probe: shared, so concurrent probes never conflict). */
function argv(cmd: FlockCommand, wait: boolean): [string, string[]] {
  if (cmd === 'perl') return ['perl', ['-e', wait ? PERL_FLOCK : PERL_FLOCK.replace('LOCK_EX)', 'LOCK_SH|LOCK_NB)')]];
  return ['flock', wait ? ['-x', '3'] : ['-n', '-s', '3']];
}

/** The helper's outcome: held, busy (non-blocking probe), missing (not installed), or failed. */
type Outcome = { held: true } | { held: false; why: 'missing' | 'stopped' | 'failed'; detail: string };

function runHelper(cmd: FlockCommand, fd: number, wait: boolean, stop?: (kill: () => void) => () => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const [file, args] = argv(cmd, wait);
    let stderr = '';
    let stopped = false;
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe', fd], windowsHide: true });
    const unwatch = stop?.(() => {
      stopped = true;
      child.kill('SIGKILL');
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(0, 300)));
    child.on('error', (e: NodeJS.ErrnoException) => {
      unwatch?.();
      resolve({ held: false, why: e.code === 'ENOENT' ? 'missing' : 'failed', detail: e.message });
    });
    child.on('close', (code, signal) => {
      unwatch?.();
      if (code === 0) resolve({ held: true }); // even when stopped: it got the lock first
      const ended = signal ? `${file} was ended by ${signal}` : `${file} exited with ${code}`;
      resolve({ held: false, why: stopped ? 'stopped' : 'failed', detail: stderr.trim().split('\n')[0] || ended });
    });
  });
}

/**
 * True when `cmd` is installed and can flock a descriptor: tried once with a shared lock on an fd
 * of ours (of /dev/null: every process probes the same inode, hence shared, never exclusive).
 */
export async function flockCommandWorks(cmd: FlockCommand, probeFd: number): Promise<boolean> {
  return (await runHelper(cmd, probeFd, false)).held;
}

/** Takes an exclusive flock on `fh` through `cmd`, waiting until `w.deadline`; the caller's close releases it. */
export async function flockViaCommand(cmd: FlockCommand, fh: FileHandle, path: string, w: LockWait): Promise<void> {
  w.signal?.throwIfAborted();
  let timedOut = false;
  const outcome = await runHelper(cmd, fh.fd, true, (kill) => {
    const ms = w.deadline - performance.now();
    const timer = Number.isFinite(ms) ? setTimeout(() => ((timedOut = true), kill()), Math.max(0, ms)) : undefined;
    const onAbort = () => kill();
    w.signal?.addEventListener('abort', onAbort, { once: true });
    return () => {
      clearTimeout(timer);
      w.signal?.removeEventListener('abort', onAbort);
    };
  });
  if (outcome.held) return;
  if (outcome.why === 'stopped') {
    if (timedOut) throw w.onTimeout();
    w.signal?.throwIfAborted();
  }
  throw new CodexAuthError('store.lock', STORE.lockFailed(path, outcome.detail));
}
