/**
 * The authorization request URL (RFC 6749 §4.1.1 + RFC 7636 §4.3), with the parameters in the
 * order and encoding the official client uses (codex-cli-observed.md §2.1.2): form-encoded
 * (spaces as `+`), `redirect_uri=http://127.0.0.1:<port>/auth/callback`, and
 * `allowed_workspace_id` (comma-joined) last, only when a workspace is forced.
 */
import { CLIENT_ID, DEFAULT_ISSUER, DEFAULT_ORIGINATOR, SCOPE } from './constants.js';

/** The loopback redirect URI for a callback port (observed: 127.0.0.1, not localhost). */
export function callbackRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}/auth/callback`;
}

export interface AuthorizeUrlParams {
  /** Used as given, no trailing-slash trimming (spec §5.4). Default https://auth.openai.com. */
  issuer?: string;
  clientId?: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
  /** Default `codex_cli_rs` (callers pass the CODEX_INTERNAL_ORIGINATOR_OVERRIDE value). */
  originator?: string;
  /** Forced workspace ids; sent as one comma-joined `allowed_workspace_id` when non-empty. */
  allowedWorkspaceIds?: readonly string[];
}

export function buildAuthorizeUrl(p: AuthorizeUrlParams): string {
  const q = new URLSearchParams();
  q.append('response_type', 'code');
  q.append('client_id', p.clientId ?? CLIENT_ID);
  q.append('redirect_uri', p.redirectUri);
  q.append('code_challenge', p.codeChallenge);
  q.append('code_challenge_method', 'S256');
  q.append('state', p.state);
  q.append('scope', SCOPE);
  q.append('id_token_add_organizations', 'true');
  q.append('codex_cli_simplified_flow', 'true');
  q.append('originator', p.originator ?? DEFAULT_ORIGINATOR);
  if (p.allowedWorkspaceIds && p.allowedWorkspaceIds.length > 0) {
    q.append('allowed_workspace_id', p.allowedWorkspaceIds.join(','));
  }
  return `${p.issuer ?? DEFAULT_ISSUER}/oauth/authorize?${q.toString()}`;
}
