// The library API of codex-auth (see README "Library API").
export { CodexAuthError, isCodexAuthError } from './errors.js';
export type { Env, Clock } from './env.js';
export type { AuthDotJson, AuthMode, CredentialStore, StoreKind, TokenData } from './store/types.js';
