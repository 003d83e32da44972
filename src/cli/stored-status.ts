// What `codex-auth login status` says of a stored auth document (observed §3, spec §9.1), as a
// pure function shared by the command and the CLI's quick path (src/cli/quick.ts).
import { isStoredAuthAllowed, policyOf } from '../config/policy.js';
import type { AuthConfig } from '../config/types.js';
import { STATUS } from '../messages/status.js';
import { resolveAuthMode } from '../store/auth-mode.js';
import type { AuthDotJson, AuthMode } from '../store/types.js';

/** A stored credential whose status line comes from the issuer (whoami) or its own claims. */
export interface AccessTokenStatus {
  kind: 'personalAccessToken' | 'agentIdentity';
  credential: NonNullable<AuthDotJson['personal_access_token'] | AuthDotJson['agent_identity']>;
}

/** What `login status` says of a stored document. */
export type StoredStatus =
  /** Logged in: these lines. */
  | { kind: 'lines'; lines: string[] }
  /** `Not logged in` (nothing usable, or the login policy forbids what is stored). */
  | { kind: 'notLoggedIn' }
  /** A personal access token or agent identity: its line comes from the issuer or its claims. */
  | { kind: 'accessToken'; token: AccessTokenStatus }
  /** A document the reference cannot report on: `Error checking login status: <message>`. */
  | { kind: 'error'; message: string };

const NOT_LOGGED_IN: StoredStatus = { kind: 'notLoggedIn' };
const lines = (...l: string[]): StoredStatus => ({ kind: 'lines', lines: l });
const error = (message: string): StoredStatus => ({ kind: 'error', message });

/** `sk-test-1234567890ABCDE` → `sk-test-***ABCDE`; 13 bytes or fewer → `***` (byte-based like the reference). */
export function maskApiKey(key: string): string {
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length <= 13) return '***';
  return `${bytes.subarray(0, 8).toString('utf8')}***${bytes.subarray(bytes.length - 5).toString('utf8')}`;
}

/** What to say of `doc` (observed §3), as a value: nothing here throws. */
export function storedStatus(config: AuthConfig, doc: AuthDotJson): StoredStatus {
  const mode: AuthMode | 'headers' = resolveAuthMode(doc);
  const policy = policyOf(config);
  switch (mode) {
    case 'apikey': {
      const key = doc.OPENAI_API_KEY;
      if (typeof key !== 'string') return error(STATUS.apiKeyMissing);
      if (!isStoredAuthAllowed(policy, mode)) return NOT_LOGGED_IN;
      return lines(STATUS.apiKeyConfigured(maskApiKey(key)), STATUS.apiKeyChecked);
    }
    case 'bedrockApiKey':
      if (doc.bedrock_api_key === undefined) return error(STATUS.bedrockMissing);
      return isStoredAuthAllowed(policy, mode) ? lines(STATUS.bedrock) : NOT_LOGGED_IN;
    case 'chatgpt':
    case 'chatgptAuthTokens':
      // No tokens (or no account_id) means no workspace: restricted away when workspaces are forced.
      return isStoredAuthAllowed(policy, mode, doc.tokens?.account_id ?? null) ? lines(STATUS.chatgpt) : NOT_LOGGED_IN;
    case 'personalAccessToken':
      if (doc.personal_access_token === undefined) return error(STATUS.patMissing);
      return isStoredAuthAllowed(policy, mode) ? { kind: 'accessToken', token: { kind: mode, credential: doc.personal_access_token } } : NOT_LOGGED_IN;
    case 'agentIdentity':
      if (doc.agent_identity === undefined) return error(STATUS.agentIdentityMissing);
      return isStoredAuthAllowed(policy, mode) ? { kind: 'accessToken', token: { kind: mode, credential: doc.agent_identity } } : NOT_LOGGED_IN;
    default:
      return error(STATUS.headersNotLoadable);
  }
}
