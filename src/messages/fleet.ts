// Messages of the fleet (`codex-auth fleet …`, and `token` / `login status` when
// CODEX_AUTH_FLEET_URL is set). Ours: the official CLI has no fleet. Never a secret, never a
// Redis password (URLs are shown through fleet/config.ts redactRedisUrl).

export const FLEET = {
  errorPrefix: 'Error: ',
  badUrl: (detail: string) => `CODEX_AUTH_FLEET_URL is not a usable Redis URL (${detail}); expected redis://[user:password@]host[:port][/db] or rediss://…`,
  badName: 'CODEX_AUTH_FLEET_NAME may only hold letters, digits, `.`, `_` and `-` (at most 64)',
  badTimeout: 'CODEX_AUTH_FLEET_REFRESH_TIMEOUT must be a whole number of seconds between 1 and 300',
  notConfigured: 'CODEX_AUTH_FLEET_URL is not set: it names the Redis that holds the fleet (redis://host:6379)',
  keyUnreadable: (path: string, detail: string) => `cannot read the fleet key file ${path}: ${detail}`,
  keyTooShort: (path: string) => `the fleet key file ${path} must hold at least 32 bytes of secret (e.g. \`head -c 32 /dev/urandom > ${path}\`)`,
  keyMismatch: 'the fleet key file does not match the key the fleet was pushed with',
  keyRequired: 'this command needs the fleet key (CODEX_AUTH_FLEET_KEY_FILE): runners without it only read access tokens',
  unreachable: (url: string, detail: string) => `cannot reach the fleet's Redis at ${url}: ${detail}`,
  redisRefused: (url: string, detail: string) => `the fleet's Redis at ${url} refused the request: ${detail}`,
  notLoggedIn: (name: string) => `Not logged in: fleet '${name}' holds no login (push one with \`codex-auth fleet push\`)`,
  needsPush: (name: string, reason: string) => `fleet '${name}' needs a new \`codex-auth fleet push\`: ${reason}`,
  expiredNoRefresher: (name: string) =>
    `the access token of fleet '${name}' has expired and no member refreshed it; run \`codex-auth fleet refresher\` (or any command) on a member with CODEX_AUTH_FLEET_KEY_FILE`,
  leaseWaitTimeout: (name: string, seconds: number) => `fleet '${name}': no new generation after waiting ${seconds} s for the member refreshing it`,
  refreshNotSaved: 'the refreshed login could not be stored in the fleet (Redis stopped answering)',
  // reasons for needs-push
  reasonDiedMidRefresh: 'a member stopped while spending the refresh token (its outcome is unknown, so no other member presents it again)',
  reasonUnknownOutcome: 'the issuer did not answer a refresh request, so the refresh token may have been spent',
  reasonIssuer: (message: string) => `the issuer refused the refresh token: ${message}`,
  reasonNotSaved: 'a refreshed generation could not be stored in Redis',
  // push
  pushApiKey: 'fleet push shares ChatGPT logins only; an API key is not a rotating login — give each runner the key itself (OPENAI_API_KEY) instead',
  pushNotChatgpt: 'fleet push needs a ChatGPT login here first (`codex-auth login`)',
  pushed: (name: string, url: string, gen: number) => `Pushed this login to fleet '${name}' at ${url} (generation ${gen}); the local copy was removed.`,
  pushLocalKept: (detail: string) => `Warning: the login is in the fleet, but the local copy could not be removed: ${detail}`,
  // status
  statusLine: (name: string, url: string) => `Fleet '${name}' at ${url}`,
  // logout
  loggedOut: (name: string) => `Logged out fleet '${name}': the login was revoked and its keys deleted`,
  loggedOutNotRevoked: (name: string) => `Logged out fleet '${name}': its keys were deleted (the login could not be revoked, see above)`,
  loggedOutNothing: (name: string) => `Not logged in: fleet '${name}' held no login`,
  // login status
  usingFleet: (name: string, url: string, gen: number) => `Using fleet '${name}' at ${url} (generation ${gen})`,
  // exec
  execUsage: 'usage: codex-auth fleet exec [--] COMMAND [ARGS...]',
  execSpawn: (cmd: string, detail: string) => `cannot run ${cmd}: ${detail}`,
  // refresher
  refresherStarted: (name: string, url: string) => `fleet refresher: serving fleet '${name}' at ${url}`,
  refresherRefreshed: (gen: number, expiresAt: string) => `fleet refresher: refreshed to generation ${gen} (access token valid until ${expiresAt})`,
  refresherProblem: (detail: string) => `fleet refresher: ${detail}`,
  refresherStopped: 'fleet refresher: stopped',
  usage: `Share one ChatGPT login across machines through Redis

Usage: codex-auth fleet <COMMAND>

Commands:
  push       Move this machine's login into the fleet (removes the local refresh token)
  status     Show the fleet's generation, account and expiry (--json); exit 0 when it can serve
  exec       Run a command (e.g. the official codex) on the fleet's login: codex-auth fleet exec -- codex exec "…"
  refresher  Keep the fleet's access token fresh (long-running; SIGTERM stops it)
  logout     Revoke the fleet's login at its issuer and delete the fleet's keys

Environment:
  CODEX_AUTH_FLEET_URL       redis:// or rediss:// URL (user:password@ for Redis ACL users)
  CODEX_AUTH_FLEET_NAME      fleet name (key prefix; default \`default\`)
  CODEX_AUTH_FLEET_KEY_FILE  a file holding >= 32 bytes of secret; members without it are runners
`,
  unknownCommand: (name: string) => `error: unrecognized subcommand '${name}'`,
} as const;
