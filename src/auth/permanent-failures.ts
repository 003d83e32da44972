/**
 * Permanent refresh failures, cached against the exact credential snapshot they happened to
 * (codex-auth-spec.md §10.4, §14.4 cases 40–44, §14.7 case 77): a later refresh of the same
 * snapshot fails at once without a request; a reload that sees different credentials clears it.
 */
import { isCodexAuthError, type CodexAuthError } from '../errors.js';
import type { AuthDotJson } from '../store/types.js';

/** A digest identifying the credentials of a document (never the secrets themselves). */
export function credentialFingerprint(doc: AuthDotJson | null | undefined): string {
  const t = doc?.tokens;
  const material = JSON.stringify([
    doc?.auth_mode ?? null,
    t?.access_token ?? null,
    t?.refresh_token ?? null,
    t?.id_token ?? null,
    t?.account_id ?? null,
  ]);
  // node:crypto is loaded when first needed (a refresh), not when the CLI starts.
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(material).digest('hex');
}

/**
 * A failure that retrying the same credentials cannot fix (spec §10.4, §10.2, §10.5): the refresh
 * token is unusable, or 401 recovery has no step left. Told by the code alone.
 */
export function isPermanent(e: unknown): e is CodexAuthError<'oauth.refresh_permanent' | 'auth.no_recovery'> {
  return isCodexAuthError(e) && (e.code === 'oauth.refresh_permanent' || e.code === 'auth.no_recovery');
}

export class PermanentFailures {
  private fingerprint: string | undefined;
  private error: CodexAuthError | undefined;

  /** The cached failure for exactly this snapshot, if any. */
  get(doc: AuthDotJson | null | undefined): CodexAuthError | undefined {
    return this.error && this.fingerprint === credentialFingerprint(doc) ? this.error : undefined;
  }

  record(doc: AuthDotJson | null | undefined, error: CodexAuthError): void {
    this.fingerprint = credentialFingerprint(doc);
    this.error = error;
  }

  /** Called on every reload: a failure for other credentials no longer applies. */
  observe(doc: AuthDotJson | null | undefined): void {
    if (this.fingerprint !== undefined && this.fingerprint !== credentialFingerprint(doc)) this.clear();
  }

  clear(): void {
    this.fingerprint = undefined;
    this.error = undefined;
  }
}
