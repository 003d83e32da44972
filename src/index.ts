// The library API of codex-auth (see README "Library API").
export { CodexAuthError, isCodexAuthError, type CodexAuthErrorCode, type CodexAuthErrorDetails, type RefreshFailureReason } from './errors.js';
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
export type { LoginPolicy } from './config/policy.js';
export type { OpenWebSocketOptions } from './auth/websocket.js';
export { UnauthorizedRecovery, type StepResult } from './auth/recovery.js';
/** How file locks are taken in this process (docs/locks.md): the first mechanism to try, and where the one-line notice goes. */
export { configureLocks, type LockSettings, type LockVia } from './store/lock-config.js';
/** The lock kind in use here (`{ lock: 'flock' | 'LockFileEx' | 'lock-file', lock_via }`), as `login status --json` reports it. */
export async function describeLocks(): Promise<{ lock: 'flock' | 'LockFileEx' | 'lock-file'; lock_via: import('./store/lock-config.js').LockVia }> {
  return (await import('./store/lock-mechanism.js')).describeLocks();
}
export type { HostCredentials, HostToken } from './auth/workload-auth.js';
