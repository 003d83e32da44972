/**
 * Browser sign-in (`codex-auth login`), spec §5 and observed §2.1: PKCE + state, the loopback
 * callback server on 127.0.0.1:1455 (1457 fallback), the authorize URL, the code exchange, the
 * API-key exchange (failure ignored), the workspace check, the save, the redirect to /success.
 *
 * Better than the reference: the old credentials stay until the new ones are saved (then they are
 * revoked); `--issuer`/`--client-id` apply here too; a pasted callback URL completes the sign-in;
 * no browser launch is attempted where none can be shown; Ctrl-C (the AbortSignal) frees the port.
 */
import { CodexAuthError, isCodexAuthError } from '../../errors.js';
import { LOGIN_FLOW } from '../../messages/login-flow.js';
import { exchangeApiKey } from '../../oauth/api-key-exchange.js';
import { buildAuthorizeUrl } from '../../oauth/authorize-url.js';
import { exchangeCode } from '../../oauth/code-exchange.js';
import { DEFAULT_ISSUER, DEFAULT_PORT, FALLBACK_PORT } from '../../oauth/constants.js';
import { generatePkce, generateState } from '../../oauth/pkce.js';
import { trimIssuer } from '../../oauth/urls.js';
import { parseIdToken } from '../../oauth/id-token.js';
import { chatgptAuthDoc } from '../auth-documents.js';
import { replaceCredentials } from '../replace-credentials.js';
import type { FlowOptions, InStream, LoginResult } from '../types.js';
import { effectiveWorkspaceIds, workspaceRefusal } from '../../config/policy.js';
import { CallbackFailure, CallbackServer } from './callback-server.js';
import { openBrowser, type OpenResult } from './opener.js';
import type { SuccessPageInput } from './pages.js';
import { startPasteReader } from './paste.js';
import { bindCallbackServer, sendRawCancel } from './port.js';
import { startWaitIndicator } from './spinner.js';

export interface BrowserLoginOptions extends FlowOptions {
  /** Read for a pasted callback URL while waiting. */
  stdin?: InStream;
  /** `originator=` of the authorize URL (CODEX_INTERNAL_ORIGINATOR_OVERRIDE). */
  originator?: string;
  platform?: NodeJS.Platform;
  /** Ports (tests): default 1455 with the 1457 fallback. */
  port?: number;
  fallbackPort?: number | null;
  bindAttempts?: number;
  bindRetryDelayMs?: number;
  /** The code exchange's bound (default: oauth/constants.ts TOKEN_REQUEST_TIMEOUT_MS, like a refresh). */
  tokenRequestTimeoutMs?: number;
  /** Opening the browser (tests); default opener.ts. */
  openUrl?: (url: string) => Promise<OpenResult>;
  /** How long to wait for the browser to fetch /success after a completed callback. */
  successGraceMs?: number;
}

function platformUrl(issuer: string): string {
  return trimIssuer(issuer) === DEFAULT_ISSUER ? 'https://platform.openai.com' : 'https://platform.api.openai.org';
}

/** The success redirect's `plan_type` comes from the access token's claims (spec §5.5). */
function accessTokenPlan(accessToken: string): string {
  try {
    return parseIdToken(accessToken).planType ?? '';
  } catch {
    return '';
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function runBrowserLogin(opts: BrowserLoginOptions): Promise<LoginResult> {
  const issuer = opts.issuer;
  const pkce = generatePkce(opts.random);
  const state = generateState(opts.random);
  const saved: { result: LoginResult | null } = { result: null };

  // stderr writes go through the wait indicator once it runs, so the spinner never garbles them.
  const toStderr = (line: string): void => {
    opts.stderr.write(`${line}\n`);
  };
  let print: (line: string) => void = toStderr;

  const server = new CallbackServer({
    state,
    warn: (line) => print(line),
    successGraceMs: opts.successGraceMs,
    complete: async (code, signal): Promise<SuccessPageInput> => {
      let tokens;
      try {
        tokens = await exchangeCode({
          fetch: opts.fetch,
          issuer,
          clientId: opts.clientId,
          code,
          redirectUri: server.redirectUri,
          codeVerifier: pkce.codeVerifier,
          signal,
          ...(opts.tokenRequestTimeoutMs !== undefined ? { timeoutMs: opts.tokenRequestTimeoutMs } : {}),
        });
      } catch (e) {
        // Ctrl-C during the exchange: nothing more to say (the CLI exits 130 silently).
        if (signal.aborted) throw signal.reason;
        const m = messageOf(e);
        print(LOGIN_FLOW.tokenExchangeError(m));
        throw new CallbackFailure(isCodexAuthError(e) ? e.code : 'login.token_exchange', LOGIN_FLOW.tokenExchangeFailed(m), {
          errorCode: 'token_exchange_failed',
        });
      }
      let claims;
      try {
        claims = parseIdToken(tokens.idToken);
      } catch (e) {
        print(LOGIN_FLOW.persistError(messageOf(e)));
        throw new CallbackFailure('login.invalid_id_token', messageOf(e), {
          errorCode: 'persist_failed',
          message: LOGIN_FLOW.persistFailed,
          description: messageOf(e),
        });
      }
      const refusal = workspaceRefusal(opts.policy, claims.accountId);
      if (refusal !== undefined) {
        print(LOGIN_FLOW.workspaceRestrictionError(refusal));
        throw new CallbackFailure('login.workspace_restricted', refusal, { errorCode: 'workspace_restriction' });
      }
      let apiKey: string | null = null;
      try {
        apiKey = await exchangeApiKey({ fetch: opts.fetch, signal, issuer, clientId: opts.clientId, idToken: tokens.idToken });
      } catch {
        apiKey = null; // the reference ignores a failed API-key exchange
      }
      if (signal.aborted) throw signal.reason;
      const doc = chatgptAuthDoc({
        idToken: tokens.idToken,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        apiKey,
        issuer,
        clientId: opts.clientId,
        accountId: claims.accountId ?? null,
        nowMs: opts.now(),
        random: opts.random,
      });
      try {
        await replaceCredentials({ store: opts.store, doc, revokePrevious: opts.revokePrevious });
      } catch (e) {
        print(LOGIN_FLOW.persistError(messageOf(e)));
        throw new CallbackFailure(isCodexAuthError(e) ? e.code : 'login.persist', messageOf(e), {
          errorCode: 'persist_failed',
          message: LOGIN_FLOW.persistFailed,
          description: messageOf(e),
        });
      }
      saved.result = { doc };
      return {
        needsSetup: claims.needsSetup,
        platformUrl: platformUrl(issuer),
        idToken: tokens.idToken,
        orgId: claims.orgId ?? '',
        projectId: claims.projectId ?? '',
        planType: accessTokenPlan(tokens.accessToken),
      };
    },
  });

  const onAbort = () => server.fail(opts.signal.reason ?? new CodexAuthError('login.interrupted', LOGIN_FLOW.loginInterrupted));
  if (opts.signal.aborted) throw opts.signal.reason;
  opts.signal.addEventListener('abort', onAbort, { once: true });

  let stopWaiting = () => {};
  try {
    const port = await bindCallbackServer(server.server, {
      port: opts.port ?? DEFAULT_PORT,
      fallbackPort: opts.fallbackPort === undefined ? FALLBACK_PORT : opts.fallbackPort,
      attempts: opts.bindAttempts,
      retryDelayMs: opts.bindRetryDelayMs,
      sendCancel: (p) => sendRawCancel(p),
      warn: (line) => print(line),
      signal: opts.signal,
    });
    server.setPort(port);

    const url = buildAuthorizeUrl({
      issuer,
      clientId: opts.clientId,
      redirectUri: server.redirectUri,
      codeChallenge: pkce.codeChallenge,
      state,
      originator: opts.originator,
      allowedWorkspaceIds: effectiveWorkspaceIds(opts.policy),
    });
    const opened = await (opts.openUrl ?? ((u: string) => openBrowser(u, { env: opts.env, platform: opts.platform ?? process.platform })))(url);

    print(LOGIN_FLOW.startingServer(port));
    print(LOGIN_FLOW.ifBrowserDidNotOpen);
    print('');
    print(url);
    print('');
    print(LOGIN_FLOW.useDeviceAuthOnHeadless);
    if (opened.kind === 'skipped') print(LOGIN_FLOW.headlessNoBrowser(opened.reason));
    else if (opened.kind === 'browser_none') print(LOGIN_FLOW.browserNone);
    if (opts.stdin?.isTTY) print(LOGIN_FLOW.pasteHint);

    const paste = opts.stdin
      ? startPasteReader({
          input: opts.stdin,
          submit: (params) => server.processPasted(params),
          say: {
            notACallback: () => print(LOGIN_FLOW.pasteNotACallback),
            stateMismatch: () => print(LOGIN_FLOW.pasteStateMismatch),
            alreadyUsed: () => print(LOGIN_FLOW.pasteAlreadyUsed),
          },
        })
      : undefined;
    const indicator = startWaitIndicator({ stream: opts.stderr, now: opts.now });
    print = (line) => indicator.print(line);
    stopWaiting = () => {
      indicator.stop();
      paste?.stop();
      print = toStderr;
    };

    await server.result;
    if (saved.result === null) throw new CodexAuthError('login.failed', LOGIN_FLOW.loginCancelled);
    return saved.result;
  } catch (e) {
    server.fail(e);
    throw e;
  } finally {
    stopWaiting();
    opts.signal.removeEventListener('abort', onAbort);
    await server.close();
  }
}
