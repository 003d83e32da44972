// Messages of the OAuth protocol steps (src/oauth/). Texts copied byte for byte from the official
// Codex CLI 0.169.0 (codex-cli-observed.md §2, §3, §4; codex-auth-spec.md §5–§7, §10.4).
// Functions build the texts that embed a value (status line, detail); the CLI adds its prefix
// (`Error logging in: ` ...).
export const OAUTH = {
  // Token endpoint (authorization-code and device exchanges), observed §2.1.4 / §2.2.
  tokenEndpointStatus: (statusLine: string, detail: string) => `token endpoint returned status ${statusLine}: ${detail}`,
  tokenEndpointUnknownError: 'unknown error',
  invalidTokenResponse: 'OAuth token response is invalid',
  tokenRequestFailed: (cause: string) => `OAuth token request failed: ${cause}`,
  apiKeyExchangeFailed: (statusLine: string) => `api key exchange failed with status ${statusLine}`,

  // Transport failures, worded like reqwest (the official client).
  sendingRequest: (url: string) => `error sending request for url (${url})`,
  decodingBody: 'error decoding response body',

  // JWT decoding (spec §5.7).
  invalidIdTokenFormat: 'invalid ID token format',

  // Device code (observed §2.2, spec §6.2).
  deviceNotEnabled:
    'device code login is not enabled for this Codex server. Use the browser login or verify the server URL.',
  deviceRequestFailed: (statusLine: string) => `device code request failed with status ${statusLine}`,
  deviceAuthFailed: (statusLine: string) => `device auth failed with status ${statusLine}`,
  deviceTimeout: 'device auth timed out after 15 minutes',
  deviceExchangeFailed: (inner: string) => `device code exchange failed: ${inner}`,
  invalidInterval: (value: string) => `invalid device code polling interval: ${value}`,

  // Refresh (spec §10.4, observed §4).
  refreshExpired:
    'Your access token could not be refreshed because your refresh token has expired. Please log out and sign in again.',
  refreshReused:
    'Your access token could not be refreshed because your refresh token was already used. Please log out and sign in again.',
  refreshRevoked:
    'Your access token could not be refreshed because your refresh token was revoked. Please log out and sign in again.',
  refreshOther: 'Your access token could not be refreshed. Please log out and sign in again.',
  refreshAccountMismatch:
    'Your access token could not be refreshed because you have since logged out or signed in to another account. Please sign in again.',
  refreshTransient: (statusLine: string, message: string) => `Failed to refresh token: ${statusLine}: ${message}`,
  unknownErrorCapital: 'Unknown error',

  // Revoke (spec §9.3).
  revokeFailed: (kind: string, statusLine: string, message: string) => `failed to revoke ${kind}: ${statusLine}: ${message}`,

  // Personal access token whoami (observed §2.4).
  whoamiRequest: (cause: string) => `failed to request personal access token metadata: ${cause}`,
  whoamiStatus: (statusLine: string) => `personal access token metadata request failed with status ${statusLine}`,
  whoamiDecode: (cause: string) => `failed to decode personal access token metadata: ${cause}`,

  // Agent identity JWT (observed §2.4, spec §7.3; texts from the 0.169.0 binary).
  agentIdentityDecode: (inner: string) => `failed to decode agent identity JWT: ${inner}`,
  agentIdentityFormat: 'invalid agent identity JWT format',
  agentIdentityBase64: 'agent identity JWT payload is not valid base64url',
  agentIdentityJson: 'agent identity JWT payload is not valid JSON',
  invalidCredentialJson: (position: string) => `invalid credential JSON (Data at ${position})`,
  agentIdentityHeader: 'failed to decode agent identity JWT header',
  agentIdentityNoKid: 'agent identity JWT header does not include a kid',
  agentIdentityUntrustedKid: (kid: string) => `agent identity JWT kid ${kid} is not trusted`,
  agentIdentityVerify: 'failed to verify agent identity JWT',
  agentIdentityJwksRequest: 'failed to request agent identity JWKS',
  agentIdentityJwksStatus: 'agent identity JWKS endpoint returned an error',
  agentIdentityJwksDecode: 'failed to decode agent identity JWKS',
} as const;
