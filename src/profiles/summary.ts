/**
 * What a login says about itself without its secrets: account, user, email, plan, mode,
 * workspace, access-token expiry and issue time, `last_refresh`, the login's `login_owner_id`
 * (random per sign-in, kept across refreshes: observed §2.1.5) and a generation id (a digest of
 * the tokens, never the tokens). Stored in each profile file so `profile list` and lineage
 * matching never need the secret.
 */
import { jwtPayload } from '../oauth/jwt.js';
import { idTokenClaims } from '../oauth/id-token.js';
import { resolveAuthMode } from '../store/auth-mode.js';
import type { AuthDotJson, AuthMode } from '../store/types.js';

export interface LoginSummary {
  mode: AuthMode;
  account_id: string | null;
  user_id: string | null;
  email: string | null;
  plan_type: string | null;
  workspace: string | null;
  expires_at: string | null;
  issued_at: string | null;
  last_refresh: string | null;
  login_owner_id: string | null;
  /** sha256 of the credentials (first 32 hex): which token generation this is. */
  generation: string;
}

const iso = (secs: unknown): string | null =>
  typeof secs === 'number' && Number.isFinite(secs) ? new Date(secs * 1000).toISOString() : null;

/** The digest naming one token generation (or one API key / access token). */
export function generationId(doc: AuthDotJson): string {
  const t = doc.tokens;
  const material = JSON.stringify([
    resolveAuthMode(doc),
    t?.access_token ?? null,
    t?.refresh_token ?? null,
    t?.id_token ?? null,
    doc.OPENAI_API_KEY ?? null,
    doc.personal_access_token ?? null,
  ]);
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(material).digest('hex').slice(0, 32);
}

function workspaceTitle(claims: Record<string, unknown>, accountId: string | null): string | null {
  const auth = claims['https://api.openai.com/auth'];
  const orgs = auth && typeof auth === 'object' ? (auth as Record<string, unknown>)['organizations'] : undefined;
  if (!Array.isArray(orgs)) return null;
  const org = orgs.find((o) => o && typeof o === 'object' && (o as Record<string, unknown>)['id'] === accountId) as Record<string, unknown> | undefined;
  return typeof org?.['title'] === 'string' ? org['title'] : null;
}

export function summarize(doc: AuthDotJson): LoginSummary {
  const t = doc.tokens;
  const idClaims = (t?.id_token && jwtPayload(t.id_token)) || {};
  const id = idTokenClaims(idClaims);
  const access = (t?.access_token && jwtPayload(t.access_token)) || {};
  const accountId = t?.account_id ?? id.accountId ?? null;
  return {
    mode: resolveAuthMode(doc),
    account_id: accountId,
    user_id: id.userId ?? null,
    email: id.email ?? null,
    plan_type: id.planType ?? null,
    workspace: workspaceTitle(idClaims, accountId) ?? accountId,
    expires_at: iso(access['exp']),
    issued_at: iso(access['iat']),
    last_refresh: typeof doc.last_refresh === 'string' ? doc.last_refresh : null,
    login_owner_id: typeof t?.login_owner_id === 'string' ? t.login_owner_id : null,
    generation: generationId(doc),
  };
}

/** How a login is named in messages: its email, else its account id, else its mode. */
export function who(s: LoginSummary): string {
  return s.email ?? s.account_id ?? s.mode;
}
