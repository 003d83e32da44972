// Messages of `codex-auth login` and its variants (stderr unless said otherwise), copied from
// codex 0.169.0 (observed §1.2, §2.3, §2.4; spec §5.1, §7.1, §8).
export const LOGIN = {
  successfullyLoggedIn: 'Successfully logged in',
  errorPrefix: 'Error logging in: ',
  accessTokenErrorPrefix: 'Error logging in with access token: ',
  apiKeyTty:
    '--with-api-key expects the API key on stdin. Try piping it, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`.',
  readingApiKey: 'Reading API key from stdin...',
  noApiKey: 'No API key provided via stdin.',
  /** 0.169.0 prints this (not `Successfully logged in`) after an API-key login. */
  apiKeySaved: 'API key saved. Authentication is checked when you send a request.',
  accessTokenTty:
    '--with-access-token expects the access token on stdin. Try piping it, e.g. `printenv CODEX_ACCESS_TOKEN | codex login --with-access-token`.',
  readingAccessToken: 'Reading access token from stdin...',
  noAccessToken: 'No access token provided via stdin.',
  readStdinFailed: (detail: string) => `Failed to read stdin: ${detail}`,
  bothCredentialSources: 'Choose one login credential source: --with-api-key or --with-access-token.',
  legacyApiKeyFlag:
    'The --api-key flag is no longer supported. Pipe the key instead, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`.',
  /** Until the login flows are wired in (login helper): one clear line, exit 1. */
  flowNotAvailable: (flow: string) =>
    `${flow} is not available in this build of codex-auth yet. Use \`codex-auth login --with-api-key\` or the official \`codex login\`.`,
  // Lines of <CODEX_HOME>/log/codex-login.log (never a secret).
  logStartApiKey: 'starting api key login flow',
  logStartAccessToken: 'starting access token login flow',
  logStartDevice: 'starting device code login flow',
  logStartBrowser: 'starting browser login flow',
} as const;
