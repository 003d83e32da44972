// Messages of the AuthManager: refresh, 401 recovery, logout with revoke, load precedence.
// Texts the official Codex CLI 0.169.0 prints are copied byte for byte (codex-auth-spec.md §10.3,
// §2.1, §10.5).
export const AUTH = {
  // The refresh failure texts (spec §10.4) live in OAUTH (messages/oauth.ts), raised by oauth/refresh.ts.
  tokenDataUnavailable: 'Token data is not available.',
  noMoreRecoverySteps: 'No more recovery steps available.',
  apiKeyMissing: 'API key auth is missing a key.',
  agentIdentityMissing: 'agent identity auth is missing agent identity auth material.',
  patMissing: 'personal access token auth is missing a personal access token.',
  bedrockMissing: 'Bedrock API key auth is missing a Bedrock API key.',
  // Ours (no reference text): what requireAuth() / manager.fetch() say when nothing usable exists.
  notLoggedInHint: 'Not logged in. Run `codex-auth login` (or `codex login`) and try again.',
  refreshLockTimeout: (path: string, seconds: number) =>
    `Timed out after ${seconds} s waiting for another process to finish refreshing the token (lock ${path}). Try again; if it persists, check for a stuck process holding that lock.`,
  refreshTimeout: (seconds: number) =>
    `The token refresh request did not finish within ${seconds} s. Check your network or proxy settings and try again.`,
  // Logout with revoke (warnings on stderr; the local credentials are always deleted).
  revokeFailed: (detail: string) =>
    `Warning: could not revoke the token on the server (${detail}); the local credentials were removed anyway.`,
  revokeTimedOut: (seconds: number) =>
    `Warning: the token revoke request did not finish within ${seconds} s; the local credentials were removed anyway.`,
  loadFailedBeforeLogout: (detail: string) =>
    `Warning: could not read the stored credentials before logging out (${detail}); removing them without revoking.`,
  // A refresh whose answer could not be saved (the stored refresh token is spent by then).
  refreshNotSaved: (detail: string) =>
    `Warning: the token was refreshed but could not be saved (${detail}); this process keeps using the new token and will try to save it again.`,
  refreshNotSavedAtClose: (detail: string) =>
    `Warning: the refreshed token could still not be saved (${detail}); it is lost when this process exits and the stored one is already used, so the next run must sign in again (codex-auth login).`,
  refreshUnsavedElsewhere:
    'The stored token was already refreshed by another process that could not save the new one yet; this process picks it up once it is saved. If that process has exited, sign in again (codex-auth login).',
  aborted: 'The operation was aborted.',
  // Agent Identity task registration (spec §7.3; the reference's texts are not observable offline).
  agentTaskStatus: (status: number) => `failed to register agent identity task: server answered ${status}`,
  agentTaskDecode: 'failed to register agent identity task: the response had no task_id',
  agentTaskEncrypted: 'failed to register agent identity task: encrypted task ids are not supported by codex-auth yet',
} as const;
