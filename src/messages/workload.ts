// Messages of workload identity federation (WIF), copied byte for byte from the official Codex CLI
// 0.171.0 (docs/reference/codex-0171-delta.md §1.2–1.5, §2). `login status` prints them after
// `Error checking login status: ` (exit 1); `token` after `Error: `.

export const WORKLOAD = {
  statusLine: 'Logged in using workload identity',
  // Configuration (§1.2), in the order they are checked.
  requires: (variable: string) => `workload identity requires ${variable}`,
  invalidVariable: (variable: string) => `workload identity variable ${variable} is invalid`,
  sourceInvalid: 'OPENAI_IDENTITY_TOKEN_SOURCE must be file or spiffe',
  spiffeSettingsInFileMode: 'SPIFFE settings require OPENAI_IDENTITY_TOKEN_SOURCE=spiffe',
  fileNotAbsolute: 'OPENAI_IDENTITY_TOKEN_FILE must be an absolute path',
  spiffeWithFile: 'SPIFFE authentication cannot also set OPENAI_IDENTITY_TOKEN_FILE',
  socketUriInvalid: 'the SPIFFE Workload API endpoint must be an absolute unix: socket URI',
  spiffeIdInvalid: 'the requested SPIFFE ID is invalid',
  audienceInvalid: 'the SPIFFE JWT-SVID audience must not be empty or contain NUL',
  untrustedRouting: 'workload identity auth supports only trusted production and staging app routing',
  // Assertion (§1.3, §2).
  fileUnreadable: (path: string) => `could not read workload identity assertion file ${path}`,
  assertionTooLarge: 'the workload identity assertion exceeds 16 KiB',
  assertionInvalid: 'the workload identity assertion is invalid',
  spiffeMultiple: 'the SPIFFE Workload API returned multiple JWT-SVIDs; configure an explicit SPIFFE ID',
  spiffeStatus: (description: string) => `the SPIFFE Workload API rejected the request with gRPC status ${description}`,
  spiffeUnavailable: 'the SPIFFE Workload API is unavailable or timed out',
  spiffeNeedsUnix: 'SPIFFE Workload API authentication requires a Unix platform',
  // Exchange (§1.4–1.5).
  exchangeUnavailable: 'the workload identity token exchange is unavailable',
  exchangeRejected: (status: number) => `the workload identity token exchange was rejected with HTTP ${status}`,
  exchangeInvalid: 'the workload identity token exchange returned an invalid response',
  renewalUnavailable: 'workload identity renewal temporarily unavailable; retry later',
  // Login policy after the exchange (§1.2 step 7).
  apiKeyRequired: 'API key login is required',
  workspaceRestricted: (allowed: readonly string[], accountId: string) =>
    `Login is restricted to workspace(s) ${allowed.join(', ')}, but current credentials belong to ${accountId}`,
} as const;
