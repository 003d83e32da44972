// Messages of `codex-auth token` (ours: the official CLI has no such command).
export const TOKEN = {
  errorPrefix: 'Error getting token: ',
  notLoggedIn: 'Not logged in. Run `codex-auth login` (or `codex login`) first.',
  noBearer: (mode: string) =>
    `the stored credentials (${mode}) sign each request and have no bearer token to print; sign in with ChatGPT, an API key or a personal access token instead.`,
  help: `Print a valid access token for scripts (refreshed first when it is about to expire)

Usage: codex-auth token [OPTIONS]

Options:
      --json                Print {token, token_type, mode, account_id, plan_type, expires_at} as JSON
      --profile <NAME>      A saved profile's token instead of the current login's (or CODEX_AUTH_PROFILE)
  -c, --config <key=value>  Override a configuration value (as for login)
      --enable <FEATURE>    Enable a feature (repeatable)
      --disable <FEATURE>   Disable a feature (repeatable)
  -h, --help                Print help
`,
} as const;
