/**
 * The profile file, `$CODEX_HOME/profiles/NAME.json` (0600): a small JSON document holding the
 * login's summary (no secret), when it was saved and last used, whether it needs a new sign-in,
 * where its secret lives, and — for the file variant — the login itself, in auth.json's own form
 * (so the official reader's rules apply to it). For the keyring variant the login is the keyring
 * entry and the file holds no secret.
 */
import { CodexAuthError } from '../errors.js';
import { PROFILES } from '../messages/profiles.js';
import { canonicalAuthDotJson, parseAuthDotJson } from '../store/auth-dot-json.js';
import type { AuthDotJson } from '../store/types.js';
import type { LoginSummary } from './summary.js';

export const RECORD_VERSION = 1;

export interface ProfileRecord {
  name: string;
  /** Where the login itself is kept. */
  secret_store: 'file' | 'keyring';
  saved_at: string;
  last_used: string | null;
  /** The generation whose refresh was refused as used/revoked: it needs a new sign-in. */
  needs_signin: string | null;
  summary: LoginSummary;
}

export interface ProfileFile extends ProfileRecord {
  /** The login (file variant only). */
  auth?: AuthDotJson;
}

export function serializeProfile(p: ProfileFile): string {
  const out: Record<string, unknown> = {
    version: RECORD_VERSION,
    name: p.name,
    secret_store: p.secret_store,
    saved_at: p.saved_at,
    last_used: p.last_used,
    needs_signin: p.needs_signin,
    summary: p.summary,
  };
  if (p.auth) out['auth'] = canonicalAuthDotJson(p.auth);
  return `${JSON.stringify(out, null, 2)}\n`;
}

const isStrOrNull = (v: unknown) => v === null || typeof v === 'string';

/** Parses a profile file; CodexAuthError `profiles.corrupt` (one line, no secret) when it is not one. */
export function parseProfile(name: string, text: string, path: string): ProfileFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CodexAuthError('profiles.corrupt', PROFILES.corrupt(name, `${path} is not JSON`));
  }
  const r = raw as Record<string, unknown>;
  const s = r?.['summary'] as Record<string, unknown> | undefined;
  const ok =
    r !== null &&
    typeof r === 'object' &&
    (r['secret_store'] === 'file' || r['secret_store'] === 'keyring') &&
    typeof r['saved_at'] === 'string' &&
    isStrOrNull(r['last_used'] ?? null) &&
    isStrOrNull(r['needs_signin'] ?? null) &&
    s !== null &&
    typeof s === 'object' &&
    typeof s['mode'] === 'string' &&
    typeof s['generation'] === 'string';
  if (!ok) throw new CodexAuthError('profiles.corrupt', PROFILES.corrupt(name, `${path} is not a codex-auth profile`));
  const out: ProfileFile = {
    name,
    secret_store: r['secret_store'] as 'file' | 'keyring',
    saved_at: r['saved_at'] as string,
    last_used: (r['last_used'] as string | null | undefined) ?? null,
    needs_signin: (r['needs_signin'] as string | null | undefined) ?? null,
    summary: s as unknown as LoginSummary,
  };
  if (out.secret_store === 'file') {
    if (r['auth'] === undefined) throw new CodexAuthError('profiles.corrupt', PROFILES.corrupt(name, `${path} holds no login`));
    try {
      out.auth = parseAuthDotJson(JSON.stringify(r['auth']), { kind: 'file', path });
    } catch (e) {
      throw new CodexAuthError('profiles.corrupt', PROFILES.corrupt(name, (e as Error).message.split('\n')[0] ?? ''), { cause: e });
    }
  }
  return out;
}
