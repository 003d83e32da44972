// The embedded issuer: a loopback server that speaks the OpenAI sign-in protocol (authorize, token,
// revoke, device code, whoami, discovery/JWKS) for offline demos and tests. See docs/issuer.md.
export { startIssuer, type RunningIssuer } from './server.js';
export type { IssuerAdmin, MintTokensInput, MintedTokens } from './admin.js';
export { CODEX_CLIENT_ID, CODEX_REDIRECT_URIS } from './context.js';
export { DEFAULT_ACCOUNTS } from './accounts.js';
export { fingerprint } from './request-log.js';
export { IssuerInputError } from './errors.js';
export { startSpiffeAgent, type SpiffeAgent, type SpiffeAgentOptions, type AgentBehaviour, type AgentCall } from './spiffe-agent.js';
export type { FederationRuleSpec, FederationRuleView } from './federation.js';
export { runIssuerCli, type IssuerCliOptions } from './cli.js';
export type {
  Account,
  AccountSpec,
  FaultSpec,
  IssuerOptions,
  PrivateJwk,
  RequestLogEntry,
  Workspace,
  WorkspaceSpec,
} from './types.js';
