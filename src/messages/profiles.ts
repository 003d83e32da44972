// Messages of `codex-auth profile …` and of `--profile` / CODEX_AUTH_PROFILE (ours: the official
// CLI has no profiles). One line each; a profile name is always shown through `shownName`, so a
// name full of control characters never reaches the terminal raw.

/** A name as it may be printed: control characters escaped, at most 80 characters. */
export function shownName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > 80 ? `${safe.slice(0, 77)}...` : safe;
}

export const PROFILES = {
  errorPrefix: 'Error: ',
  needsName: (action: string) => `error: the profile ${action} command needs a NAME`,
  needsSubcommand: "error: 'codex-auth profile' requires a subcommand",
  badName: (name: string) =>
    `invalid profile name '${shownName(name)}': use 1-64 characters of A-Z a-z 0-9 . _ - (not '.' or '..')`,
  badEnvName: (name: string) =>
    `CODEX_AUTH_PROFILE='${shownName(name)}' is not a valid profile name: use 1-64 characters of A-Z a-z 0-9 . _ - (not '.' or '..')`,
  notFound: (name: string) => `no profile named '${name}' (see \`codex-auth profile list\`)`,
  needsSignIn: (name: string) =>
    `profile ${name} needs a new sign-in (its refresh token was used or revoked elsewhere): run \`codex-auth login\`, then \`codex-auth profile save ${name} --force\``,
  notLoggedIn: 'Not logged in: sign in first (`codex-auth login`), then save the login with `codex-auth profile save NAME`.',
  notChatgpt: (mode: string) => `profiles hold ChatGPT sign-ins; the current login is ${mode}`,
  ephemeralStore: 'profiles need a persistent credential store (cli_auth_credentials_store is ephemeral)',
  otherAccount: (name: string, held: string, current: string) =>
    `profile ${name} holds another account (${held}, the current login is ${current}); pass --force to replace it`,
  alreadySavedAs: (other: string) => `the current login is already saved as profile ${other}`,
  saved: (name: string, who: string) => `Saved the current login (${who}) as profile ${name}`,
  updated: (name: string, who: string) => `Updated profile ${name} (${who}) with the current login`,
  unchanged: (name: string, who: string) => `Profile ${name} (${who}) already holds the current login`,
  unsavedCurrent: (who: string) =>
    `the current login (${who}) is not saved in any profile and would be lost: save it first with \`codex-auth profile save NAME\``,
  switched: (name: string, who: string) => `Switched to profile ${name} (${who})`,
  dueAtSwitch: (name: string) =>
    `Warning: the login saved back into profile ${name} was due for a refresh; if a running Codex was refreshing it at this moment, it keeps the new token to itself and profile ${name} will need a new sign-in`,
  alreadyActive: (name: string) => `Profile ${name} is already the current login`,
  removed: (name: string) => `Removed profile ${name}`,
  removedActive: (name: string) => `Removed profile ${name}; the current login (its account) stays signed in`,
  revokeActive: (name: string) =>
    `profile ${name} is the current login: switch to another profile first, or use \`codex-auth logout\` to revoke it`,
  noProfiles: 'No profiles. Save the current login with `codex-auth profile save NAME`.',
  listHeader: ['', 'NAME', 'ACCOUNT', 'EMAIL', 'PLAN', 'MODE', 'WORKSPACE', 'EXPIRES', 'LAST USED'],
  corrupt: (name: string, detail: string) => `profile ${name} cannot be read: ${detail}`,
  keyringLoad: (name: string, detail: string) => `failed to load profile ${name} from keyring: ${detail}`,
  keyringSave: (name: string, detail: string) => `failed to save profile ${name} to keyring: ${detail}`,
  keyringDelete: (name: string, detail: string) => `failed to delete profile ${name} from keyring: ${detail}`,
  keyringMissing: (name: string) => `profile ${name}: its keyring entry is missing`,
  keyringFallback: (name: string, detail: string) =>
    `Warning: the keyring is unavailable (${detail}); profile ${name} is saved to a file (0600) instead`,
  notManaged: 'a profile cannot be logged out; use `codex-auth profile remove NAME`',
  help: `Several ChatGPT accounts on one machine, switched without signing in again

Usage: codex-auth profile <COMMAND>

Commands:
  save NAME [--force]     Save the current login as profile NAME
  list [--json]           Show the profiles (never a secret); * marks the current login
  use NAME                Make NAME the current login (the current one is saved back first)
  remove NAME [--revoke]  Delete profile NAME (--revoke: also revoke its sign-in)

Options:
  -c, --config <key=value>  Override a configuration value (as for login)
  -h, --help                Print help
`,
} as const;

export const PROFILE_LOCKS = {
  timeout: (path: string, secs: number) =>
    `timed out after ${secs} s waiting for the lock ${path} (another codex-auth process is using this profile)`,
} as const;
