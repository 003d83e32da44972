// THE ONE PLACE the login helper replaces: the sign-in flows that need the network (browser,
// device code, access-token validation). The CLI side (flags, stdin, config, policy, login log)
// is done before these are called. Each returns the exit code and prints its own lines.
// Until src/login/ lands, each prints one clear "not available yet" line and returns 1.
import type { AuthConfig } from '../config/types.js';
import { CodexAuthError } from '../errors.js';
import { LOGIN } from '../messages/login.js';
import type { CredentialStore } from '../store/types.js';
import type { CliIO } from './io.js';
import type { LoginLog } from './login-log.js';

export interface FlowContext {
  io: CliIO;
  config: AuthConfig;
  /** The configured credential store (the flow clears it first, then saves into it). */
  store: CredentialStore;
  log: LoginLog;
}

export interface OAuthFlowOptions extends FlowContext {
  /** `--issuer` / `--experimental_issuer` (the official binary honours it for the device flow only). */
  issuer?: string;
  /** `--client-id` / `--experimental_client-id`. */
  clientId?: string;
}

function notAvailable(io: CliIO, prefix: string, flow: string): number {
  io.stderr.write(`${prefix}${LOGIN.flowNotAvailable(flow)}\n`);
  return 1;
}

/** `codex-auth login` (Sign in with ChatGPT in a browser). */
export async function browserLogin(ctx: OAuthFlowOptions): Promise<number> {
  return notAvailable(ctx.io, LOGIN.errorPrefix, 'Browser login');
}

/** `codex-auth login --device-auth`. */
export async function deviceLogin(ctx: OAuthFlowOptions): Promise<number> {
  return notAvailable(ctx.io, LOGIN.errorPrefix, 'Device code login');
}

/** `codex-auth login --with-access-token`, after the token was read from stdin (policy already checked). */
export async function accessTokenLogin(ctx: FlowContext & { token: string }): Promise<number> {
  return notAvailable(ctx.io, LOGIN.accessTokenErrorPrefix, 'Access token login');
}

/**
 * For `login status`: validate an access token (from CODEX_ACCESS_TOKEN or a stored
 * personal_access_token / agent_identity) and return the status line, e.g.
 * `Logged in using personal access token`. Rejects with a CodexAuthError whose message follows
 * `Error checking login status: `.
 */
export async function accessTokenStatusLine(_opts: {
  io: CliIO;
  config: AuthConfig;
  kind: 'personalAccessToken' | 'agentIdentity';
  /** The token, or the stored agent identity (JWT string or record). */
  credential: unknown;
}): Promise<string> {
  throw new CodexAuthError('login.unavailable', LOGIN.flowNotAvailable('Checking an access token'));
}
