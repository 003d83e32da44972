/**
 * The one error type every layer throws for an expected failure. `code` is stable and
 * machine-readable (e.g. `store.read_only`, `oauth.token_endpoint`, `net.ca_read`);
 * `message` is the user-facing text, already free of secrets. The CLI prints `message`
 * (with the command's prefix) and never a stack trace.
 */
export class CodexAuthError extends Error {
  readonly code: string;
  /** Extra, machine-readable facts (never secrets). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodexAuthError';
    this.code = code;
    this.details = options?.details ?? {};
  }
}

export function isCodexAuthError(e: unknown, code?: string): e is CodexAuthError {
  return e instanceof CodexAuthError && (code === undefined || e.code === code);
}
