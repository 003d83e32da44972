/**
 * CONTRACT (owned by store/, used by login/, auth/, cli/). Extend compatibly; do not rename.
 *
 * The auth.json document, as the official Codex CLI 0.169.0 reads and writes it
 * (docs/reference/codex-cli-observed.md §2.1.5, §2.4; codex-auth-spec.md §2).
 * Field order on write: auth_mode, OPENAI_API_KEY, tokens, last_refresh, agent_identity,
 * personal_access_token, bedrock_api_key, then any unknown fields we read (we keep them).
 */

export type AuthMode =
  | 'apikey'
  | 'chatgpt'
  | 'chatgptAuthTokens'
  | 'agentIdentity'
  | 'personalAccessToken'
  | 'bedrockApiKey';

export interface OAuthProvenance {
  issuer: string;
  client_id: string;
  [unknown: string]: unknown;
}

export interface TokenData {
  id_token: string;
  access_token: string;
  refresh_token: string;
  /** 0.169.0 writes it after refresh_token; absent in older files. */
  oauth_provenance?: OAuthProvenance;
  /** 43 base64url chars, random per login, kept across refreshes. */
  login_owner_id?: string;
  account_id?: string | null;
  [unknown: string]: unknown;
}

export interface AgentIdentityRecord {
  agent_runtime_id: string;
  agent_private_key: string;
  account_id: string;
  chatgpt_user_id: string;
  email: string;
  plan_type: string;
  chatgpt_account_is_fedramp: boolean;
  task_id?: string;
  [unknown: string]: unknown;
}

export interface AuthDotJson {
  auth_mode?: AuthMode;
  OPENAI_API_KEY: string | null;
  tokens?: TokenData | null;
  last_refresh?: string | null;
  agent_identity?: string | AgentIdentityRecord;
  personal_access_token?: string;
  bedrock_api_key?: { api_key: string; region: string; [unknown: string]: unknown };
  [unknown: string]: unknown;
}

export type StoreKind = 'file' | 'keyring' | 'auto' | 'ephemeral';

/**
 * A place credentials live. `load` resolves null when nothing is stored ("absent") and rejects
 * with a CodexAuthError when the store cannot be read ("unavailable", malformed data): the two
 * are never confused. Errors carry the reference's message, e.g.
 * `failed to deserialize CLI auth from file: ...` or `failed to load CLI auth from keyring: ...`.
 */
export interface CredentialStore {
  readonly kind: StoreKind;
  load(): Promise<AuthDotJson | null>;
  /** Atomic: afterwards the store holds `doc` or (on failure) what it held before. */
  save(doc: AuthDotJson): Promise<void>;
  /** Deletes from this store (for keyring/auto also auth.json). Resolves true if anything existed. */
  delete(): Promise<boolean>;
}
