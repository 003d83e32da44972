// Every text the issuer's command line prints (the issuer depends on nothing else in src/, so its
// messages live here rather than in src/messages/).

export const ISSUER_USAGE = `Usage: codex-auth issuer [options]

Start a local OpenAI-compatible issuer (sign-in, device code, refresh, revoke, whoami) for demos and tests.
The first line printed on stdout is its base URL.

Options:
  --port <n>               port to listen on (default 0: a free port)
  --host <addr>            address to listen on (default 127.0.0.1; others are reachable from the network)
  --admin                  enable the admin API under /admin/ (loopback callers only)
  --access-token-ttl <s>   access-token lifetime in seconds (default 3600; keep it well above 300)
  --device-interval <s>    device-code polling interval announced to clients (default 5)
  --config <file>          JSON file: an array of accounts, or {"accounts": [...], "clientIds": [...], "redirectUris": [...]}
  --redirect-uri <uri>     also accept this redirect URI (repeatable)
  --client-id <id>         also accept this OAuth client id (repeatable)
  --compress <codings>     answer compressed when the client accepts it: zstd, gzip or zstd,gzip (default: never)
  --spiffe-socket <path>   also run a SPIFFE Workload API test agent on this unix socket, trusted by a
                           workload identity federation rule for the first account
  -h, --help               show this help
`;

export const issuerMessages = {
  listening: (url: string, loopback: boolean) => `codex-auth issuer listening on ${url}${loopback ? ' (loopback only)' : ''}`,
  notLoopback: (host: string) =>
    `warning: --host ${host} makes this issuer reachable from other machines; it is a test issuer with demo accounts and no passwords`,
  account: (email: string, workspaces: string) => `  account ${email}: ${workspaces}`,
  shortTtl: (seconds: number) =>
    `warning: access tokens that live ${seconds} s (300 s or less) make the official Codex CLI refresh in a tight loop; use more than 300`,
  adminOn: (url: string) => `admin API: on at ${url}/admin/ (loopback callers only)`,
  adminOff: 'admin API: off (start with --admin to enable it)',
  pages: (url: string) => `sign-in: ${url}/oauth/authorize   device code page: ${url}/codex/device`,
  stop: 'Press Ctrl+C to stop.',
  spiffe: (endpoint: string, ruleId: string, spiffeId: string) =>
    `SPIFFE test agent: SPIFFE_ENDPOINT_SOCKET=${endpoint} (SVIDs for ${spiffeId}); federation rule OPENAI_FEDERATION_RULE_ID=${ruleId}, OPENAI_SPIFFE_AUDIENCE=https://auth.openai.com`,
  stopped: 'codex-auth issuer stopped',
  unknownOption: (opt: string) => `codex-auth issuer: unknown option ${opt} (see --help)`,
  missingValue: (opt: string) => `codex-auth issuer: ${opt} needs a value (see --help)`,
  badNumber: (opt: string, value: string) => `codex-auth issuer: ${opt} must be a number, not "${value}"`,
  configRead: (file: string, why: string) => `codex-auth issuer: cannot read --config ${file}: ${why}`,
  configShape: (file: string) =>
    `codex-auth issuer: --config ${file} must hold an array of accounts or an object with "accounts" (see docs/issuer.md)`,
  failed: (why: string) => `codex-auth issuer: ${why}`,
};
