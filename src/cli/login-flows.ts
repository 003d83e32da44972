// The sign-in flows that need the network (browser, device code, access-token validation), wired
// to the CLI: the CLI side (flags, stdin, config, policy, login log) is done before these are
// called. Each prints its own lines and returns the exit code: 0 success, 1 failure, 130 Ctrl-C
// (io.signal aborted: the flow closed its server, so the port is free).
import type { AuthConfig } from '../config/types.js';
import { policyOf } from '../config/policy.js';
import { isCodexAuthError } from '../errors.js';
import { LOGIN } from '../messages/login.js';
import { LOGIN_FLOW } from '../messages/login-flow.js';
import { STATUS } from '../messages/status.js';
import type { FetchLike } from '../net/types.js';
import { CLIENT_ID, CODEX_VERSION, DEFAULT_ISSUER } from '../oauth/constants.js';
import { defaultHeaders, originator } from '../oauth/headers.js';
import { oauthRevoke } from '../auth/oauth-calls.js';
import { revokeBestEffort } from '../auth/revoke.js';
import type { AuthDotJson, CredentialStore } from '../store/types.js';
import type { CliIO } from './io.js';
import type { LoginLog } from './login-log.js';

export interface FlowContext {
  io: CliIO;
  config: AuthConfig;
  /** The configured credential store (the new credentials are saved into it). */
  store: CredentialStore;
  log: LoginLog;
}

export interface OAuthFlowOptions extends FlowContext {
  /** `--issuer` / `--experimental_issuer`: applies to the browser and the device flow. */
  issuer?: string;
  /** `--client-id` / `--experimental_client-id`: applies to the browser and the device flow. */
  clientId?: string;
}

const EXIT_INTERRUPTED = 130;

/**
 * The HTTP client of a flow: the strict-CA transport for the code/device exchanges (a bad CA
 * bundle is an error), the lenient one (warn once, system roots) for whoami and the JWKS.
 */
async function openFetch(io: CliIO, strictCa: boolean): Promise<{ fetch: FetchLike; close: () => Promise<void> }> {
  const { createTransport } = await import('../net/transport.js');
  const t = createTransport({ env: io.env, strictCa, warn: (m) => io.stderr.write(`${m}\n`) });
  return { fetch: t.fetch, close: () => t.close() };
}

function neverAborted(): AbortSignal {
  return new AbortController().signal;
}

/**
 * Revokes the credentials a sign-in replaced: auth/revoke.ts (the one revoke: mode rule, URL
 * policy, 10 s cap, Ctrl-C), silently — a failed revoke never fails or clutters the sign-in.
 */
function revokerFor(io: CliIO, fetch: FetchLike) {
  return (previous: AuthDotJson) =>
    revokeBestEffort({ revoke: oauthRevoke(fetch, io.env), env: io.env, warn: () => {}, ...(io.signal ? { signal: io.signal } : {}) }, previous);
}

function interrupted(io: CliIO, e: unknown): boolean {
  return io.signal?.aborted === true && (e === io.signal.reason || !isCodexAuthError(e));
}

async function runFlow(ctx: FlowContext, prefix: string, body: () => Promise<unknown>): Promise<number> {
  const { io } = ctx;
  try {
    await body();
  } catch (e) {
    if (interrupted(io, e)) return EXIT_INTERRUPTED;
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${prefix}${e.message}\n`);
    return 1;
  }
  io.stderr.write(`${LOGIN.successfullyLoggedIn}\n`);
  return 0;
}

/** What the browser and device flows share: IO, issuer, client id, store, policy, revoke. */
function oauthFlowOptions(ctx: OAuthFlowOptions, fetch: FetchLike) {
  const { io } = ctx;
  return {
    env: io.env,
    now: io.now,
    stdout: io.stdout,
    stderr: io.stderr,
    issuer: ctx.issuer ?? DEFAULT_ISSUER,
    clientId: ctx.clientId ?? CLIENT_ID,
    store: ctx.store,
    fetch,
    signal: io.signal ?? neverAborted(),
    policy: policyOf(ctx.config),
    revokePrevious: revokerFor(io, fetch),
  };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

async function oauthFlow(ctx: OAuthFlowOptions, run: (fetch: FetchLike) => Promise<unknown>): Promise<number> {
  if (ctx.issuer !== undefined && !isHttpUrl(ctx.issuer)) {
    ctx.io.stderr.write(`${LOGIN.errorPrefix}${LOGIN_FLOW.badIssuer(ctx.issuer)}\n`);
    return 1;
  }
  const { fetch, close } = await openFetch(ctx.io, true);
  try {
    return await runFlow(ctx, LOGIN.errorPrefix, () => run(fetch));
  } finally {
    await close();
  }
}

/** `codex-auth login` (Sign in with ChatGPT in a browser). */
export function browserLogin(ctx: OAuthFlowOptions): Promise<number> {
  return oauthFlow(ctx, async (fetch) => {
    const { runBrowserLogin } = await import('../login/browser/flow.js');
    await runBrowserLogin({ ...oauthFlowOptions(ctx, fetch), stdin: ctx.io.stdin, originator: originator(ctx.io.env) });
  });
}

/** `codex-auth login --device-auth`. */
export function deviceLogin(ctx: OAuthFlowOptions): Promise<number> {
  return oauthFlow(ctx, async (fetch) => {
    const { runDeviceLogin } = await import('../login/device/flow.js');
    await runDeviceLogin({ ...oauthFlowOptions(ctx, fetch), version: CODEX_VERSION });
  });
}

/** `codex-auth login --with-access-token`, after the token was read from stdin (policy already checked). */
export async function accessTokenLogin(ctx: FlowContext & { token: string }): Promise<number> {
  const { io } = ctx;
  const { fetch, close } = await openFetch(io, false);
  try {
    return await runFlow(ctx, LOGIN.accessTokenErrorPrefix, async () => {
      const { runAccessTokenLogin } = await import('../login/access-token.js');
      await runAccessTokenLogin({
        env: io.env,
        now: io.now,
        fetch,
        headers: defaultHeaders({ env: io.env }),
        chatgptBaseUrl: ctx.config.chatgptBaseUrl,
        policy: policyOf(ctx.config),
        signal: io.signal,
        token: ctx.token,
        store: ctx.store,
      });
    });
  } finally {
    await close();
  }
}

/**
 * For `login status`: validate an access token (from CODEX_ACCESS_TOKEN or a stored
 * personal_access_token / agent_identity) and return the status line, e.g.
 * `Logged in using personal access token`. Rejects with a CodexAuthError whose message follows
 * `Error checking login status: `.
 */
export async function accessTokenStatusLine(opts: {
  io: CliIO;
  config: AuthConfig;
  kind: 'personalAccessToken' | 'agentIdentity';
  /** The token, or the stored agent identity (JWT string or record). */
  credential: unknown;
}): Promise<string> {
  const { io } = opts;
  // A registered agent-identity record carries no JWT to check here (the AuthManager uses it).
  if (typeof opts.credential !== 'string') return STATUS.accessToken;
  const { fetch, close } = await openFetch(io, false);
  try {
    const { checkAccessToken } = await import('../login/access-token.js');
    const checked = await checkAccessToken(opts.credential, {
      env: io.env,
      now: io.now,
      fetch,
      headers: defaultHeaders({ env: io.env }),
      chatgptBaseUrl: opts.config.chatgptBaseUrl,
      signal: io.signal,
    });
    return checked.kind === 'personalAccessToken' ? STATUS.personalAccessToken : STATUS.accessToken;
  } finally {
    await close();
  }
}
