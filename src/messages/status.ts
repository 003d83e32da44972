// Messages of `codex-auth login status` and `codex-auth logout` (stderr), copied from codex 0.169.0
// (observed §3; where the spec's upstream wording differs, the observed binary wins).

export const STATUS = {
  errorPrefix: 'Error checking login status: ',
  notLoggedIn: 'Not logged in',
  /** First line for an API key; the key is masked (see maskApiKey). */
  apiKeyConfigured: (masked: string) => `API key configured - ${masked}`,
  apiKeyChecked: 'Authentication is checked when you send a request.',
  chatgpt: 'Logged in using ChatGPT',
  personalAccessToken: 'Logged in using personal access token',
  accessToken: 'Logged in using access token',
  bedrock: 'Logged in using Amazon Bedrock API key',
  // A stored document whose mode lacks its credential (spec §2.1).
  apiKeyMissing: 'API key auth is missing a key.',
  patMissing: 'personal access token auth is missing a personal access token.',
  agentIdentityMissing: 'agent identity auth is missing agent identity auth material.',
  bedrockMissing: 'Bedrock API key auth is missing a Bedrock API key.',
  headersNotLoadable: 'externally provided auth cannot be loaded from auth storage.',
} as const;

export const LOGOUT = {
  success: 'Successfully logged out',
  notLoggedIn: 'Not logged in',
  errorPrefix: 'Error logging out: ',
} as const;
