/**
 * A note in the refresh lock file naming a stored generation whose refresh token we spent but
 * whose successor we could not save (unsaved-generation.ts). Another of our processes reading
 * that spent generation then does not present it to the issuer — which would answer
 * `refresh_token_reused` and, with reuse detection, revoke the whole family including the
 * generation held in memory — and waits for the save instead. The lock file already exists while
 * we hold the lock, so writing it usually works even when auth.json's directory is read-only.
 * Its content is a sha256 credential fingerprint, never a token; flock ignores the content.
 */
import { readFile, writeFile } from 'node:fs/promises';

export interface SpentNote {
  /** The fingerprint noted in `lockPath`, if any. */
  read(lockPath: string): Promise<string | undefined>;
  /** Notes `fingerprint` (or clears the note). Best effort: never rejects. */
  write(lockPath: string, fingerprint: string | undefined): Promise<void>;
}

const PREFIX = 'spent-unsaved ';

export const fileSpentNote: SpentNote = {
  async read(lockPath) {
    const text = await readFile(lockPath, 'utf8').catch(() => '');
    return text.startsWith(PREFIX) ? text.slice(PREFIX.length).trim() : undefined;
  },
  async write(lockPath, fingerprint) {
    await writeFile(lockPath, fingerprint ? `${PREFIX}${fingerprint}\n` : '', { mode: 0o600 }).catch(() => {});
  },
};
