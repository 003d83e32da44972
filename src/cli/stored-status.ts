// What `codex-auth login status` says of a stored auth document (observed §3, spec §9.1), as a
// pure function shared by the command and the CLI's quick path (src/cli/quick.ts).
import { isStoredAuthAllowed } from '../config/policy.js';
import type { AuthConfig } from '../config/types.js';
import { STATUS } from '../messages/status.js';
import { resolveAuthMode } from '../store/auth-mode.js';
import type { AuthDotJson, AuthMode } from '../store/types.js';

/** A stored credential whose status line comes from the issuer (whoami) or its own claims. */
export interface AccessTokenStatus {
  kind: 'personalAccessToken' | 'agentIdentity';
  credential: NonNullable<AuthDotJson['personal_access_token'] | AuthDotJson['agent_identity']>;
}

/** A stored document the reference cannot report on: `Error checking login status: <message>`. */
export class StatusError extends Error {}

/** `sk-test-1234567890ABCDE` → `sk-test-***ABCDE`; 13 bytes or fewer → `***` (byte-based like the reference). */
export function maskApiKey(key: string): string {
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length <= 13) return '***';
  return `${bytes.subarray(0, 8).toString('utf8')}***${bytes.subarray(bytes.length - 5).toString('utf8')}`;
}

/**
 * The lines to print for `doc`, null for "Not logged in" (the policy forbids it), or the access
 * token whose line the caller must look up. Throws StatusError.
 */
export function storedStatus(config: AuthConfig, doc: AuthDotJson): string[] | null | AccessTokenStatus {
  const mode: AuthMode | 'headers' = resolveAuthMode(doc);
  switch (mode) {
    case 'apikey': {
      const key = doc.OPENAI_API_KEY;
      if (typeof key !== 'string') throw new StatusError(STATUS.apiKeyMissing);
      if (!isStoredAuthAllowed(config, mode)) return null;
      return [STATUS.apiKeyConfigured(maskApiKey(key)), STATUS.apiKeyChecked];
    }
    case 'bedrockApiKey':
      if (doc.bedrock_api_key === undefined) throw new StatusError(STATUS.bedrockMissing);
      return isStoredAuthAllowed(config, mode) ? [STATUS.bedrock] : null;
    case 'chatgpt':
    case 'chatgptAuthTokens':
      // No tokens (or no account_id) means no workspace: restricted away when workspaces are forced.
      return isStoredAuthAllowed(config, mode, doc.tokens?.account_id ?? null) ? [STATUS.chatgpt] : null;
    case 'personalAccessToken':
      if (doc.personal_access_token === undefined) throw new StatusError(STATUS.patMissing);
      return isStoredAuthAllowed(config, mode) ? { kind: mode, credential: doc.personal_access_token } : null;
    case 'agentIdentity':
      if (doc.agent_identity === undefined) throw new StatusError(STATUS.agentIdentityMissing);
      return isStoredAuthAllowed(config, mode) ? { kind: mode, credential: doc.agent_identity } : null;
    default:
      throw new StatusError(STATUS.headersNotLoadable);
  }
}
