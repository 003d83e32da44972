/**
 * Public types of the embedded issuer. The issuer depends on nothing else in src/ (and nothing of
 * the client depends on it), so it defines its own small vocabulary here.
 */

/** Milliseconds since the Unix epoch. */
export type IssuerClock = () => number;

/** A workspace (ChatGPT account) a user belongs to. Its id becomes `chatgpt_account_id`. */
export interface WorkspaceSpec {
  id: string;
  /** Plan of this workspace (`chatgpt_plan_type`): plus, pro, team, business, enterprise, ... */
  plan?: string;
  /** `chatgpt_account_is_fedramp` */
  fedramp?: boolean;
  /** Whether Codex is enabled for this user in this workspace (false ⇒ `missing_codex_entitlement`). */
  codex?: boolean;
  /** Shown on the sign-in page. */
  name?: string;
}

/** A configurable account (user). Everything but `email` has a default. */
export interface AccountSpec {
  email: string;
  /** `chatgpt_user_id` / `user_id` (default derived from the email). */
  userId?: string;
  /** Display name on the pages. */
  name?: string;
  /** Default plan for workspaces that do not set one (default `plus`). */
  plan?: string;
  /** Workspace ids (strings) or full workspace specs. Default: one personal workspace. */
  workspaces?: Array<string | WorkspaceSpec>;
  fedramp?: boolean;
  /** Default Codex entitlement for the account's workspaces (default true). */
  codex?: boolean;
  isOrgOwner?: boolean;
  completedPlatformOnboarding?: boolean;
  organizationId?: string;
  projectId?: string;
}

export interface Workspace {
  id: string;
  name: string;
  plan: string;
  fedramp: boolean;
  codex: boolean;
}

export interface Account {
  email: string;
  userId: string;
  name: string;
  workspaces: Workspace[];
  isOrgOwner: boolean;
  completedPlatformOnboarding: boolean;
  organizationId: string | undefined;
  projectId: string | undefined;
}

/** A private RS256 key as a JWK (with `d`), e.g. from `jose.exportJWK`. */
export type PrivateJwk = Record<string, unknown>;

export interface IssuerOptions {
  /** Listen port; 0 (default) picks a free port. */
  port?: number;
  /** Listen host; default `127.0.0.1`. Anything not loopback is reachable by other machines. */
  host?: string;
  /** Accounts to serve; default: the demo accounts (see accounts.ts). */
  accounts?: AccountSpec[];
  /** OAuth client ids accepted; default `['app_EMoamEEZ73f0CkXaXp7hrann']`. */
  clientIds?: string[];
  /** Extra redirect URIs accepted by `/oauth/authorize` (besides the Codex loopback ones). */
  redirectUris?: string[];
  /** Access-token and id-token lifetime in seconds (default 3600; keep it well above 300). */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime in seconds (default 30 days). */
  refreshTokenTtlSeconds?: number;
  /** Authorization-code lifetime in seconds (default 60). */
  codeTtlSeconds?: number;
  /** Device-code lifetime in seconds (default 900, i.e. 15 minutes). */
  deviceCodeTtlSeconds?: number;
  /** Polling interval announced by the device flow, in seconds (default 5). Sent as a JSON string. */
  deviceIntervalSeconds?: number;
  /** Enable the admin API under `/admin/` (loopback callers only). Default false. */
  admin?: boolean;
  /** RS256 signing key for OAuth tokens (generated at start when absent). */
  signingKey?: PrivateJwk;
  /** RS256 signing key for agent-identity JWTs (generated at start when absent). */
  agentIdentityKey?: PrivateJwk;
  /** Clock (ms since epoch); default `Date.now`. */
  now?: IssuerClock;
  /** Advertised base URL (default `http://<host>:<port>`), e.g. behind a proxy. */
  publicUrl?: string;
  /**
   * Answer compressed with the first of these codings the client's `accept-encoding` lists (the
   * Codex CLI 0.171.0 sends `zstd,gzip`). Default `[]`: never compressed (except by a fault).
   */
  compression?: Array<'zstd' | 'gzip'>;
}

/** One entry of the request log. Secret values are replaced by `<redacted:…>` fingerprints. */
export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
  status: number;
  /** The fault that answered instead of the real handler, if any. */
  fault?: string;
  /** A short machine-readable outcome (e.g. `refresh_token_reused`, `rotated`). */
  outcome?: string;
  /** The content coding of the answer, when it was compressed. */
  encoding?: 'zstd' | 'gzip';
}

export type FaultAction =
  | { kind: 'respond'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'malformed'; status?: number }
  | { kind: 'delay' }
  | { kind: 'hang' };

/** A fault rule: requests matching `method` + `path` get `action` (after `delayMs`), `times` times. */
export interface FaultSpec {
  path: string;
  method?: string;
  /** Match only requests whose body/query has these field values (e.g. `{grant_type:'refresh_token'}`). */
  match?: Record<string, string>;
  /** Answer with this status and body instead of the real handler. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long first (alone: delay, then the real handler answers). */
  delayMs?: number;
  /** Destroy the connection without answering. */
  reset?: boolean;
  /** Answer with a truncated JSON body (status default 200). */
  malformed?: boolean;
  /** Never answer (until the issuer closes). */
  hang?: boolean;
  /** How many matching requests it applies to (default: all until cleared). */
  times?: number;
  /** Compress the answer (status/body or the real handler's) with this coding, asked for or not. */
  encoding?: 'zstd' | 'gzip';
}
