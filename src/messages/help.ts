// Help and argument-error texts of the codex-auth CLI, laid out like the official binary's clap
// output (observed §1.1): `-h` prints the summary, `--help` the long form. Our extra flags
// (`--issuer`, `--client-id`) are documented; the legacy/experimental aliases stay hidden.

const CONFIG_LONG = `  -c, --config <key=value>
          Override a configuration value that would otherwise be loaded from \`~/.codex/config.toml\`.
          Use a dotted path (\`foo.bar.baz\`) to override nested values. The \`value\` portion is parsed
          as TOML. If it fails to parse as TOML, the raw string is used as a literal.
          
          Examples: - \`-c model="o3"\` - \`-c 'sandbox_permissions=["disk-full-read-access"]'\` - \`-c
          shell_environment_policy.inherit=all\`
`;
const ENABLE_LONG = `      --enable <FEATURE>
          Enable a feature (repeatable). Equivalent to \`-c features.<name>=true\`
`;
const DISABLE_LONG = `      --disable <FEATURE>
          Disable a feature (repeatable). Equivalent to \`-c features.<name>=false\`
`;
const HELP_LONG = `  -h, --help
          Print help (see a summary with '-h')
`;
const CONFIG_SHORT = `  -c, --config <key=value>  Override a configuration value that would otherwise be loaded from
                            \`~/.codex/config.toml\`. Use a dotted path (\`foo.bar.baz\`) to override
                            nested values. The \`value\` portion is parsed as TOML. If it fails to
                            parse as TOML, the raw string is used as a literal
`;
const ENABLE_SHORT = '      --enable <FEATURE>    Enable a feature (repeatable). Equivalent to `-c features.<name>=true`\n';
const DISABLE_SHORT = '      --disable <FEATURE>   Disable a feature (repeatable). Equivalent to `-c features.<name>=false`\n';
const HELP_SHORT = "  -h, --help                Print help (see more with '--help')\n";

export const USAGE = {
  root: 'Usage: codex-auth [OPTIONS] <COMMAND>',
  login: 'Usage: codex-auth login [OPTIONS] [COMMAND]',
  loginStatus: 'Usage: codex-auth login status [OPTIONS]',
  logout: 'Usage: codex-auth logout [OPTIONS]',
  token: 'Usage: codex-auth token [OPTIONS]',
} as const;

export const HELP = {
  loginLong: `Manage login

${USAGE.login}

Commands:
  status  Show login status
  help    Print this message or the help of the given subcommand(s)

Options:
${CONFIG_LONG}
      --with-api-key
          Read the API key from stdin (e.g. \`printenv OPENAI_API_KEY | codex-auth login --with-api-key\`)

${ENABLE_LONG}
      --with-access-token
          Read the access token from stdin (e.g. \`printenv CODEX_ACCESS_TOKEN | codex-auth login
          --with-access-token\`)

${DISABLE_LONG}
      --device-auth
          Sign in with a device code instead of a browser on this machine: prints a URL and a
          one-time code to enter on any device (for remote or headless machines)

      --issuer <URL>
          OAuth issuer for --device-auth (default https://auth.openai.com), e.g. a \`codex-auth
          issuer\` you run yourself

      --client-id <ID>
          OAuth client id for --device-auth (default app_EMoamEEZ73f0CkXaXp7hrann)

${HELP_LONG}`,
  loginShort: `Manage login

${USAGE.login}

Commands:
  status  Show login status
  help    Print this message or the help of the given subcommand(s)

Options:
${CONFIG_SHORT}      --with-api-key        Read the API key from stdin (e.g. \`printenv OPENAI_API_KEY | codex-auth
                            login --with-api-key\`)
${ENABLE_SHORT}      --with-access-token   Read the access token from stdin (e.g. \`printenv CODEX_ACCESS_TOKEN |
                            codex-auth login --with-access-token\`)
${DISABLE_SHORT}      --device-auth         Sign in with a device code (for remote or headless machines)
      --issuer <URL>        OAuth issuer for --device-auth (default https://auth.openai.com)
      --client-id <ID>      OAuth client id for --device-auth
${HELP_SHORT}`,
  loginStatusLong: `Show login status

${USAGE.loginStatus}

Options:
${CONFIG_LONG}
${ENABLE_LONG}
${DISABLE_LONG}
${HELP_LONG}`,
  loginStatusShort: `Show login status

${USAGE.loginStatus}

Options:
${CONFIG_SHORT}${ENABLE_SHORT}${DISABLE_SHORT}${HELP_SHORT}`,
  logoutLong: `Remove stored authentication credentials

${USAGE.logout}

Options:
${CONFIG_LONG}
${ENABLE_LONG}
${DISABLE_LONG}
${HELP_LONG}`,
  logoutShort: `Remove stored authentication credentials

${USAGE.logout}

Options:
${CONFIG_SHORT}${ENABLE_SHORT}${DISABLE_SHORT}${HELP_SHORT}`,
  root: `codex-auth: sign in to OpenAI Codex (ChatGPT, API key, access token) with files and keyring entries the official Codex CLI shares

${USAGE.root}

Commands:
  login   Manage login
  logout  Remove stored authentication credentials
  token   Print a fresh access token for scripts
  issuer  Run the embedded OpenAI-compatible OAuth issuer
  help    Print this message or the help of the given subcommand(s)

Options:
${CONFIG_SHORT}${ENABLE_SHORT}${DISABLE_SHORT}  -h, --help                Print help
  -V, --version             Print version
`,
} as const;

/** clap's argument errors (stderr, exit 2). `usage` is one of USAGE or null (clap omits it for missing values). */
export const ARGS = {
  unexpected: (arg: string) => `error: unexpected argument '${arg}' found`,
  unrecognizedSubcommand: (name: string) => `error: unrecognized subcommand '${name}'`,
  usedTwice: (flag: string) => `error: the argument '${flag}' cannot be used multiple times`,
  conflict: (flag: string, other: string) => `error: the argument '${flag}' cannot be used with '${other}'`,
  valueRequired: (flag: string) => `error: a value is required for '${flag}' but none was supplied`,
  moreInfo: "For more information, try '--help'.",
  format: (line: string, usage: string | null) =>
    usage === null ? `${line}\n\n${ARGS.moreInfo}\n` : `${line}\n\n${usage}\n\n${ARGS.moreInfo}\n`,
  internalError: (detail: string) => `codex-auth: internal error: ${detail}`,
} as const;
