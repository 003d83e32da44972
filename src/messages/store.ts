// Messages of the credential store (auth.json, keyring, locks, CODEX_HOME). The reference's words
// come first, byte for byte (docs/reference/codex-cli-observed.md §2.5, §3, §6; spec §1.1, §3);
// where we add guidance (which file, what to do) it follows in parentheses.
import { rustDebugQuote } from '../store/rust-fmt.js';

export const STORE = {
  codexHomeMissing: (value: string) => `CODEX_HOME points to ${rustDebugQuote(value)}, but that path does not exist`,
  codexHomeNotDir: (value: string) => `CODEX_HOME points to ${rustDebugQuote(value)}, but that path is not a directory`,
  codexHomeRead: (value: string, err: string) => `failed to read CODEX_HOME ${rustDebugQuote(value)}: ${err}`,
  codexHomeCanonicalize: (value: string, err: string) =>
    `failed to canonicalize CODEX_HOME ${rustDebugQuote(value)}: ${err}`,
  noHomeDir: 'Could not find home directory',

  /** `failed to deserialize CLI auth from file: <serde_json error>` */
  deserializeFile: (detail: string) => `failed to deserialize CLI auth from file: ${detail}`,
  deserializeKeyring: (detail: string) => `failed to deserialize CLI auth from keyring: ${detail}`,
  /** serde_json "Data" errors are redacted by the reference (the message could quote a secret). */
  invalidCredentialJson: (category: string, line: number, column: number) =>
    `invalid credential JSON (${category} at line ${line} column ${column})`,
  invalidUtf8: 'stream did not contain valid UTF-8',
  externalAuth: 'externally provided auth cannot be loaded from auth storage.',
  /** Our guidance after a malformed or unreadable auth.json. */
  fixFileHint: (path: string) => ` (in ${path}; fix or delete the file, or run codex-auth logout)`,
  readFile: (err: string) => err,

  /** Said once on stderr when auth.lock stays busy for about a second (the reference waits silently). */
  waitingForLock: 'Waiting for another Codex process to finish updating the credentials (auth.lock)...',
  lockTimeout: 'credential commit lock timed out',
  lockTimeoutHint: (lock: string) => ` (another codex or codex-auth process holds ${lock}; try again)`,
  authLockTimeout: (path: string, seconds: number) =>
    `timed out after ${seconds} s waiting for the lock ${path} (another codex or codex-auth process holds it; try again)`,
  hardLinked: 'atomic credential replacement does not support hard-linked files',
  hardLinkedHint: (path: string) => ` (${path} has other hard links; give it its own copy: cp ${path} ${path}.new && mv ${path}.new ${path})`,
  readOnly: 'credential file is read-only',
  readOnlyHint: (path: string) => ` (${path}; make it writable, e.g. chmod 600 ${path}, or delete it)`,
  writeFailed: (path: string, err: string) => `failed to write ${path}: ${err}`,
  deleteFailed: (path: string, err: string) => `failed to delete ${path}: ${err}`,
  lockFailed: (path: string, err: string) => `failed to lock ${path}: ${err}`,
  /** Once per process, when only the portable owner-file lock is in use (store/lock-mechanism.ts). */
  noExclusiveLock: (why: 'chosen' | 'windows' | 'posix') =>
    'codex-auth: note: locks here keep codex-auth processes in turn but do not exclude the official codex binary (' +
    (why === 'chosen'
      ? 'CODEX_AUTH_LOCK=lock-file'
      : why === 'windows'
        ? 'the optional fs-ext addon, which takes LockFileEx locks like codex, is not built'
        : 'no flock: the fs-ext addon is not built and neither flock(1) nor perl was found') +
    '; see "Install" in the README)',

  keyringLoad: (detail: string) => `failed to load CLI auth from keyring: ${detail}`,
  keyringSave: (detail: string) => `failed to write OAuth tokens to keyring: ${detail}`,
  keyringDelete: (detail: string) => `failed to delete auth from keyring: ${detail}`,
  keyringTimeout: (ms: number) =>
    `Platform secure storage failure: the Secret Service did not answer within ${ms} ms (is the keyring locked or hung?)`,
  /** Our guidance after a keyring failure. */
  keyringHint: ' (start an unlocked Secret Service such as gnome-keyring, or set cli_auth_credentials_store = "file")',
  /** auto store: the keyring failed, auth.json was used instead (we print it; the reference only logs). */
  autoFallback: (what: string, path: string) => `Warning: ${what}; using ${path} instead`,
  autoDeleteKeyring: (what: string, path: string) => `Warning: ${what}; ${path} was deleted anyway`,
  deleteAfterKeyringSave: (path: string, what: string) =>
    `Warning: credentials were saved in the keyring but the old ${path} could not be deleted: ${what}`,
} as const;
