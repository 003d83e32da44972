/**
 * A symlinked auth.json (observed §2.5: the official binary follows it, replacing the target and
 * creating `<target>.json.lock` beside it). Users share one auth.json between homes this way, so
 * we follow a link too — but only to a credential file of ours: a regular file owned by the user
 * that holds a JSON object (an auth.json document), or an empty one, or a missing file with a
 * `.json` name. Anything else (/etc/passwd, a FIFO, another user's file) is never written, locked
 * beside or deleted: the caller refuses with one line (save) or removes only the link (logout).
 */
import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FILES } from '../messages/files.js';
import { readRegularFile } from '../safe-file.js';

/** Why a link target is not ours, or undefined when it is (or when `real` is auth.json itself). */
export async function foreignLinkTarget(link: string, real: string, uid: number | undefined): Promise<string | undefined> {
  if (real === link) return undefined;
  let st;
  try {
    st = await lstat(real);
  } catch (e) {
    // A new file is created only under a .json name (cron.d, sudoers.d, profile.d ignore those).
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return basename(real).endsWith('.json') ? undefined : FILES.targetNotNamedAuthJson;
    return FILES.targetNotRegular;
  }
  if (!st.isFile()) return FILES.targetNotRegular;
  if (uid !== undefined && st.uid !== uid) return FILES.targetNotOwned;
  if (st.size === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse((await readRegularFile(real)).toString('utf8'));
  } catch {
    return FILES.targetNotAuthJson;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? undefined : FILES.targetNotAuthJson;
}
