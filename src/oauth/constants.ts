/**
 * Constants of the Codex OAuth client (codex-auth-spec.md §5.2; codex-cli-observed.md §1.4, §2.1.2).
 */

/** The issuer the browser flow always uses, and the default for device/refresh. */
export const DEFAULT_ISSUER = 'https://auth.openai.com';

/** The Codex CLI's public OAuth client id. */
export const CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';

/** The scope requested by the authorize URL (observed §1.4). */
export const SCOPE = 'openid profile email offline_access api.connectors.read api.connectors.invoke';

/** Loopback callback ports: the default and the registered fallback (observed §2.1.3). */
export const DEFAULT_PORT = 1455;
export const FALLBACK_PORT = 1457;

/** Default `originator` header / authorize parameter (spec §13.1). */
export const DEFAULT_ORIGINATOR = 'codex_cli_rs';

/**
 * The Codex CLI version codex-auth is interoperable with and reports as, in the User-Agent
 * (`codex_cli_rs/<version> ...`) and the device prompt (`Welcome to Codex [v<version>]`).
 */
export const CODEX_VERSION = '0.171.0';

/** Default base of the personal-access-token whoami API (spec §7.2). */
export const DEFAULT_AUTHAPI_BASE_URL = 'https://auth.openai.com/api/accounts';

/** The revoke endpoint used unless overridden (observed §3: never follows provenance). */
export const DEFAULT_REVOKE_URL = 'https://auth.openai.com/oauth/revoke';

/** The refresh endpoint when there is neither an override nor a provenance issuer. */
export const DEFAULT_REFRESH_URL = 'https://auth.openai.com/oauth/token';

/** Overall device-code wait (spec §6.2). */
export const DEVICE_CODE_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * How long one token request (a refresh, a code exchange) may take before it counts as a transport
 * failure; undici's own limit would be 300 s.
 */
export const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** Revoke request timeout (spec §9.3). */
export const REVOKE_TIMEOUT_MS = 10_000;

/** Agent identity JWKS request timeout (spec §7.3). */
export const JWKS_TIMEOUT_MS = 10_000;

/** Agent identity JWT expectations (spec §7.3). */
export const AGENT_IDENTITY_AUDIENCE = 'codex-app-server';
export const AGENT_IDENTITY_ISSUER = 'https://chatgpt.com/codex-backend/agent-identity';
