/**
 * The portable lock, for where no flock is possible (Windows without the fs-ext addon; a POSIX
 * system with neither the addon, flock(1) nor perl): an owner file `<lock>.pid` created with
 * O_EXCL and holding our pid. It keeps codex-auth processes single-flight with each other, but the
 * official binary does not look at it (lock-mechanism.ts says so once).
 *
 * Staleness: an owner file whose pid is no longer alive (this host) is removed and the attempt
 * repeated; one without a readable pid counts as stale after STALE_EMPTY_MS (a writer that died
 * between creating and writing it). Removal re-reads the content first, so only the stale owner's
 * file goes (two breakers of the same stale file can still race in the microseconds between that
 * read and the unlink; both then see a live owner or none).
 */
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { rustIoError } from './rust-fmt.js';
import { pollUntil, type LockWait } from './lock-wait.js';

const STALE_EMPTY_MS = 10_000;

export function ownerFileOf(lockPath: string): string {
  return `${lockPath}.pid`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryCreate(owner: string, mode: number, me: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(owner, 'wx', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(me);
  } finally {
    await fh.close();
  }
  return true;
}

/** Removes `owner` when its holder is gone; true when it did (or the file had vanished). */
async function breakIfStale(owner: string): Promise<boolean> {
  const read = () => readFile(owner, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  const text = await read();
  if (text === null) return true;
  const pid = Number.parseInt(text, 10);
  if (pid > 0) {
    if (alive(pid)) return false;
  } else {
    const st = await stat(owner).catch(() => null);
    if (st && Date.now() - st.mtimeMs < STALE_EMPTY_MS) return false;
  }
  if ((await read()) !== text) return false; // taken over meanwhile: not ours to remove
  await unlink(owner).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
  return true;
}

/** Takes the portable lock for `lockPath`; resolves the release function. */
export async function lockWithOwnerFile(lockPath: string, mode: number, w: LockWait): Promise<() => Promise<void>> {
  const owner = ownerFileOf(lockPath);
  const me = `${process.pid}\n`;
  try {
    await pollUntil(async () => (await tryCreate(owner, mode, me)) || ((await breakIfStale(owner)) && tryCreate(owner, mode, me)), w);
  } catch (e) {
    if (e instanceof Error && (e as NodeJS.ErrnoException).code && !(e instanceof CodexAuthError)) {
      throw new CodexAuthError('store.lock', STORE.lockFailed(owner, rustIoError(e)), { cause: e });
    }
    throw e;
  }
  return async () => {
    const text = await readFile(owner, 'utf8').catch(() => null);
    if (text === me) await unlink(owner).catch(() => {});
  };
}
