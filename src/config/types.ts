// The part of Codex's config.toml that authentication uses (spec §1.2, §3, §11).
import type { StoreKind } from '../store/types.js';

export type LoginMethod = 'chatgpt' | 'api';

export interface AuthConfig {
  /** `cli_auth_credentials_store`; default `file`. */
  credentialsStore: StoreKind;
  /** `forced_login_method`; undefined when unset. */
  forcedLoginMethod?: LoginMethod;
  /** `forced_chatgpt_workspace_id`, trimmed, blanks dropped; undefined when unset or empty. */
  forcedWorkspaceIds?: string[];
  /** `chatgpt_base_url`; undefined when unset. */
  chatgptBaseUrl?: string;
  /** `features.<name> = bool` (from config.toml, `-c features.x=…`, `--enable`, `--disable`). */
  features: Record<string, boolean>;
  /** The CODEX_HOME the config was read from. */
  codexHome: string;
}
