// The OAuth protocol steps, one function per step (see each file's doc comment for its RFC section).
export * from './constants.js';
export { generatePkce, generateState, codeChallengeS256, type Pkce, type RandomBytes } from './pkce.js';
export { buildAuthorizeUrl, callbackRedirectUri, type AuthorizeUrlParams } from './authorize-url.js';
export { statusLine } from './http-status.js';
export { tokenErrorDetail, tokenEndpointErrorMessage, tokenEndpointError, type TokenErrorDetail } from './token-endpoint-error.js';
export { exchangeCode, parseTokenSet, type CodeExchangeParams, type TokenSet } from './code-exchange.js';
export { exchangeApiKey, type ApiKeyExchangeParams } from './api-key-exchange.js';
export { requestUserCode, parseInterval, type DeviceCode, type UserCodeParams } from './device-usercode.js';
export { pollDeviceToken, deviceTimeoutError, type DevicePollParams, type DevicePollResult } from './device-poll.js';
export { exchangeDeviceCode, type DeviceExchangeParams } from './device-exchange.js';
export {
  refreshTokens,
  classifyRefreshFailure,
  refreshAccountMismatchError,
  type RefreshParams,
  type RefreshReason,
  type RefreshFailureReason,
  type RefreshedTokens,
} from './refresh.js';
export { revokeToken, revocableToken, revokeBody, type RevokeParams, type RevokeTokenKind } from './revoke.js';
export { fetchPatMetadata, type PatMetadata, type WhoamiParams } from './whoami.js';
export { decodeJwtPayload, jwtExpiry } from './jwt.js';
export { parseIdToken, AUTH_CLAIM, PROFILE_CLAIM, type IdTokenInfo } from './id-token.js';
export {
  decodeAgentIdentityJwt,
  verifyAgentIdentityJwt,
  type AgentIdentityClaims,
  type VerifyAgentIdentityParams,
} from './agent-identity.js';
export {
  trimIssuer,
  tokenUrl,
  deviceUserCodeUrl,
  deviceTokenUrl,
  deviceVerificationUrl,
  deviceRedirectUri,
  refreshTokenUrl,
  refreshKeepsProvenance,
  revokeTokenUrl,
  deriveRevokeUrl,
  authapiBaseUrl,
  whoamiUrl,
  agentIdentityJwksUrl,
  DEFAULT_CHATGPT_BASE_URL,
} from './urls.js';
export { refreshClientId, revokeClientId } from './client-id.js';
export { originator, userAgent, defaultHeaders, terminalToken, osDescription, currentSystemInfo, type SystemInfo, type UserAgentOptions } from './headers.js';
export { redactUrl } from './send.js';
