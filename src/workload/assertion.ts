/**
 * The rules every workload identity assertion obeys before it is sent (codex-0171-delta.md §1.3,
 * §2): at most 16 KiB of raw bytes, then trimmed; empty, NUL or invalid UTF-8 is invalid. The JWT
 * shape is not checked (the file source sends `hello world` as is).
 */
import { CodexAuthError } from '../errors.js';
import { WORKLOAD } from '../messages/workload.js';

export const MAX_ASSERTION_BYTES = 16 * 1024;

/** A failure of the assertion step; `transient` ones (a missing file, an unreachable agent) are retried later. */
export function assertionError(message: string, transient = false): CodexAuthError {
  return new CodexAuthError('workload.assertion', message, { details: { transient } });
}

/** The assertion text of `raw` bytes, or throws. */
export function assertionText(raw: Uint8Array): string {
  if (raw.length > MAX_ASSERTION_BYTES) throw assertionError(WORKLOAD.assertionTooLarge);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    throw assertionError(WORKLOAD.assertionInvalid);
  }
  text = text.trim();
  if (text === '' || text.includes('\0')) throw assertionError(WORKLOAD.assertionInvalid);
  return text;
}
