// The library API of codex-auth (see README "Library API").
export { CodexAuthError, isCodexAuthError } from './errors.js';
export type { Env, Clock } from './env.js';
export type { AuthDotJson, AuthMode, CredentialStore, StoreKind, TokenData } from './store/types.js';
export { createAuthManager, type CreateAuthManagerOptions } from './auth/create.js';
export {
  AuthManager,
  type AuthManagerEvents,
  type GetAuthOptions,
  type LoggedOutEvent,
  type ReauthRequiredEvent,
  type RefreshedEvent,
} from './auth/manager.js';
export type { AuthInfo } from './auth/auth-info.js';
export type { LoginPolicy } from './auth/policy.js';
export type { OpenWebSocketOptions } from './auth/websocket.js';
export { UnauthorizedRecovery, type StepResult } from './auth/recovery.js';
export type { HostCredentials, HostToken } from './auth/workload-auth.js';
