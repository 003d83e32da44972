// The credential store layer: what login/, auth/ and cli/ import from store/.
export type { AuthDotJson, AuthMode, CredentialStore, StoreKind, TokenData, AgentIdentityRecord, OAuthProvenance } from './types.js';
export { resolveCodexHome, storeKey, canonicalCodexHome, type ResolveCodexHomeOptions } from './codex-home.js';
export {
  parseAuthDotJson,
  serializeAuthDotJson,
  serializeAuthDotJsonCompact,
  resolveAuthMode,
  type AuthOrigin,
} from './auth-dot-json.js';
export { withFlock, type FlockOptions } from './flock.js';
export { writeFileAtomic, resolveSymlinkTarget, commitLockPath } from './atomic-write.js';
export {
  FileStore,
  authJsonPath,
  readAuthJson,
  withCredentialLocks,
  AUTH_JSON,
  AUTH_LOCK,
  COMMIT_LOCK_TIMEOUT_MS,
  type FileStoreOptions,
} from './file-store.js';
export { KeyringStore, KEYRING_SERVICE, KEYRING_TIMEOUT_MS, type KeyringStoreOptions } from './keyring-store.js';
export { subprocessKeyringBackend, type KeyringBackend, type KeyringRequest, type KeyringResult } from './keyring-backend.js';
export { AutoStore, type AutoStoreOptions } from './auto-store.js';
export { EphemeralStore } from './ephemeral-store.js';
export { createStore, type CreateStoreOptions } from './create-store.js';
export { deleteFromAllStores } from './logout-all.js';
