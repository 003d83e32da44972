/**
 * The loopback HTTP server that receives the OAuth redirect (observed §2.1.4, spec §5.3/§5.5).
 * Routes (any method, like the reference): `/auth/callback`, `/success`, `/cancel`, else 404.
 *
 * Where the reference is weak we are stricter:
 * - the state is single-use: once a callback with the right state was taken, a replay gets 400;
 * - `GET /success` before a completed callback shows "no sign-in has completed" and keeps waiting
 *   (the reference ends the login as a success there);
 * - a request whose `Host` is not `127.0.0.1:<port>` / `localhost:<port>` is refused (403), which
 *   defeats DNS rebinding;
 * - `/cancel` from a web page is refused (403): a request with an `Origin` other than our own, or
 *   a `Sec-Fetch-Site` other than `none`/`same-origin`, is a browser acting for another site. The
 *   hand-over from a second login process (a raw request without those headers) still works;
 * - the same callback logic also accepts a URL pasted into the terminal (see paste.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CodexAuthError, type CodexAuthErrorCode } from '../../errors.js';
import { LOGIN_FLOW } from '../../messages/login-flow.js';
import { serverText } from '../../net/redact.js';
import { entitlementErrorPage, errorPage, notCompletedPage, successPage, type ErrorPageInput, type SuccessPageInput } from './pages.js';

/** A sign-in failure that the browser sees as the error page and the terminal as the message. */
export class CallbackFailure extends CodexAuthError {
  readonly page: ErrorPageInput;
  constructor(code: CodexAuthErrorCode, message: string, page: Omit<ErrorPageInput, 'message'> & { message?: string }, options?: { cause?: unknown }) {
    super(code, message, options);
    this.page = { ...page, message: page.message ?? message };
  }
}

/** Runs the exchange, the workspace check and the save; resolves what the success page needs. */
export type CompleteSignIn = (code: string, signal: AbortSignal) => Promise<SuccessPageInput>;

export interface CallbackServerOptions {
  /** The `state` the authorize URL carried. */
  state: string;
  complete: CompleteSignIn;
  /** stderr lines (e.g. `OAuth callback error: ...`). */
  warn: (line: string) => void;
  /** After a completed callback, how long to wait for the browser to fetch /success. */
  successGraceMs?: number;
}

export type CallbackOutcome =
  | { kind: 'state_mismatch' }
  | { kind: 'already_used' }
  | { kind: 'error'; page: ErrorPageInput }
  | { kind: 'redirect'; location: string };

/** The reference also accepts this one suffix on the state (spec §5.5). */
const ALLOWED_STATE_SUFFIX = '.onboarding_entrypoint=life_sciences';

export function stateMatches(expected: string, got: string | null): boolean {
  return got !== null && (got === expected || got === expected + ALLOWED_STATE_SUFFIX);
}

/** The message for an `error=` callback (spec §5.5 step 2). */
export function callbackErrorMessage(error: string, description: string | null): { message: string; page: ErrorPageInput } {
  if (error === 'access_denied' && description !== null && /missing_codex_entitlement/i.test(description)) {
    return { message: LOGIN_FLOW.missingEntitlement, page: entitlementErrorPage() };
  }
  // The issuer's words reach the terminal and the login log: one line, no control characters.
  const detail = serverText(description !== null && description.trim() !== '' ? description : error);
  const message = LOGIN_FLOW.signInFailed(detail);
  return { message, page: { errorCode: error || 'unknown_error', message, description: description?.trim() ? description : message } };
}

function sendText(res: ServerResponse, status: number, body: string, close = false): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    Connection: 'close',
  });
  res.end(html);
}

export class CallbackServer {
  readonly server: Server;
  private port = 0;
  private stateUsed = false;
  private completed: SuccessPageInput | null = null;
  private finished = false;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly inner = new AbortController();
  private resolveResult!: () => void;
  private rejectResult!: (e: unknown) => void;
  /** Resolves when the sign-in succeeded; rejects with a CodexAuthError otherwise. */
  readonly result: Promise<void>;

  constructor(private readonly opts: CallbackServerOptions) {
    this.result = new Promise<void>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // Callers attach their handler later; never leave an unhandled rejection behind.
    this.result.catch(() => {});
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
  }

  /** Call once the server is listening. */
  setPort(port: number): void {
    this.port = port;
  }

  get boundPort(): number {
    return this.port;
  }

  get redirectUri(): string {
    return `http://127.0.0.1:${this.port}/auth/callback`;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Ends the wait with an error (Ctrl-C, /cancel, a failed callback) and closes the server. */
  fail(err: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.inner.abort(err);
    this.rejectResult(err);
    void this.close();
  }

  private succeed(): void {
    if (this.finished) return;
    this.finished = true;
    this.resolveResult();
    void this.close();
  }

  /** Stops listening and drops every connection (the port is free when this resolves). */
  async close(): Promise<void> {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      // Stops listening at once (the port is free); idle keep-alive sockets go now, and any
      // response still being written gets a moment to flush before its socket is dropped.
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), 500).unref();
    });
  }

  /** A browser request made on behalf of another site (any page can load http://127.0.0.1:1455/cancel). */
  private crossSite(req: IncomingMessage): boolean {
    const origin = req.headers.origin?.toLowerCase();
    if (origin !== undefined && origin !== `http://127.0.0.1:${this.port}` && origin !== `http://localhost:${this.port}`) return true;
    const site = req.headers['sec-fetch-site']?.toString().toLowerCase();
    return site !== undefined && site !== 'none' && site !== 'same-origin';
  }

  private hostAllowed(host: string | undefined): boolean {
    if (host === undefined) return false;
    const h = host.toLowerCase();
    return h === `127.0.0.1:${this.port}` || h === `localhost:${this.port}`;
  }

  /**
   * The callback logic shared by the HTTP route and the pasted URL. Consumes the state on the
   * first callback that carries it.
   */
  async processCallback(params: URLSearchParams): Promise<CallbackOutcome> {
    if (!stateMatches(this.opts.state, params.get('state'))) return { kind: 'state_mismatch' };
    if (this.stateUsed || this.finished) return { kind: 'already_used' };
    this.stateUsed = true;

    const error = params.get('error');
    if (error !== null) {
      const { message, page } = callbackErrorMessage(error, params.get('error_description'));
      this.opts.warn(LOGIN_FLOW.oauthCallbackError(message));
      this.fail(new CodexAuthError(page.title ? 'login.missing_entitlement' : 'login.callback_error', message));
      return { kind: 'error', page };
    }
    const code = params.get('code');
    if (code === null || code === '') {
      const message = LOGIN_FLOW.missingCode;
      this.fail(new CodexAuthError('login.missing_code', message));
      return { kind: 'error', page: { errorCode: 'missing_authorization_code', message } };
    }
    let info: SuccessPageInput;
    try {
      info = await this.opts.complete(code, this.inner.signal);
    } catch (e) {
      const page: ErrorPageInput =
        e instanceof CallbackFailure
          ? e.page
          : { errorCode: 'unknown_error', message: e instanceof Error ? e.message : String(e) };
      this.fail(e instanceof CodexAuthError ? e : new CodexAuthError('login.failed', page.message, { cause: e }));
      return { kind: 'error', page };
    }
    if (this.finished) {
      // Cancelled while the exchange ran.
      return { kind: 'error', page: { errorCode: 'cancelled', message: LOGIN_FLOW.loginCancelled } };
    }
    this.completed = info;
    const q = new URLSearchParams();
    // The id_token only travels in the browser URL when the org-setup redirect needs it.
    if (info.needsSetup && info.idToken) q.set('id_token', info.idToken);
    q.set('needs_setup', String(info.needsSetup));
    q.set('org_id', info.orgId ?? '');
    q.set('project_id', info.projectId ?? '');
    q.set('plan_type', info.planType ?? '');
    q.set('platform_url', info.platformUrl);
    this.graceTimer = setTimeout(() => this.succeed(), this.opts.successGraceMs ?? 10_000);
    this.graceTimer.unref();
    return { kind: 'redirect', location: `http://127.0.0.1:${this.port}/success?${q.toString()}` };
  }

  /** A callback that arrived without a browser to show /success to (the pasted URL). */
  async processPasted(params: URLSearchParams): Promise<CallbackOutcome> {
    const outcome = await this.processCallback(params);
    if (outcome.kind === 'redirect') this.succeed();
    return outcome;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.hostAllowed(req.headers.host)) {
      sendText(res, 403, LOGIN_FLOW.misdirected, true);
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendText(res, 400, 'Bad Request');
      return;
    }
    switch (url.pathname) {
      case '/auth/callback':
        void this.processCallback(url.searchParams).then(
          (o) => this.respondCallback(res, o),
          () => sendText(res, 500, 'Internal Server Error', true),
        );
        return;
      case '/success':
        if (this.completed === null) {
          sendHtml(res, 400, notCompletedPage());
          return;
        }
        sendHtml(res, 200, successPage(this.completed));
        res.on('finish', () => this.succeed());
        return;
      case '/cancel':
        if (this.crossSite(req)) {
          sendText(res, 403, LOGIN_FLOW.crossSiteCancel, true);
          return;
        }
        sendText(res, 200, LOGIN_FLOW.loginCancelled, true);
        res.on('finish', () => this.fail(new CodexAuthError('login.cancelled', LOGIN_FLOW.loginCancelled)));
        return;
      default:
        sendText(res, 404, 'Not Found');
    }
  }

  private respondCallback(res: ServerResponse, o: CallbackOutcome): void {
    switch (o.kind) {
      case 'state_mismatch':
        sendText(res, 400, LOGIN_FLOW.stateMismatch);
        return;
      case 'already_used':
        sendText(res, 400, LOGIN_FLOW.stateAlreadyUsed);
        return;
      case 'error':
        sendHtml(res, 200, errorPage(o.page));
        return;
      case 'redirect':
        res.writeHead(302, { Location: o.location, 'Content-Length': 0, 'Cache-Control': 'no-store', Connection: 'close' });
        res.end();
    }
  }
}
