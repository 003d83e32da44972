// The HTTP server and router: parses requests, applies injected faults, dispatches to the routes,
// logs each exchange (secrets redacted) and writes the response.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { adminRoute, createAdmin, type IssuerAdmin } from './admin.js';
import { chooseCoding, encodeBody, type IssuerCoding } from './compression.js';
import { createContext, type IssuerContext } from './context.js';
import { HttpError, IssuerInputError } from './errors.js';
import { fromHttpError, isLoopbackAddress, json, readBody, type IssuerRequest, type IssuerResponse } from './http.js';
import { redactFields, redactHeaders } from './request-log.js';
import { registerTask, whoami } from './routes/accounts-api.js';
import { authorize, authorizeDecision } from './routes/authorize.js';
import { deviceCallback, deviceCodeSubmit, deviceDecision, devicePage, deviceToken, usercode } from './routes/device.js';
import { agentIdentityJwks, jwks, openidConfiguration, userinfo } from './routes/discovery.js';
import { revoke } from './routes/revoke.js';
import { token } from './routes/token.js';
import type { IssuerOptions } from './types.js';

export interface RunningIssuer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43123`. */
  url: string;
  port: number;
  host: string;
  admin: IssuerAdmin;
  close(): Promise<void>;
}

type Handler = (ctx: IssuerContext, req: IssuerRequest) => IssuerResponse | Promise<IssuerResponse>;

const ROUTES: Record<string, Handler> = {
  'GET /oauth/authorize': authorize,
  'POST /oauth/authorize/decision': authorizeDecision,
  'POST /oauth/token': token,
  'POST /oauth/revoke': revoke,
  'GET /.well-known/openid-configuration': openidConfiguration,
  'GET /.well-known/jwks.json': jwks,
  'GET /userinfo': userinfo,
  'POST /api/accounts/deviceauth/usercode': usercode,
  'POST /api/accounts/deviceauth/token': deviceToken,
  'GET /codex/device': devicePage,
  'POST /codex/device': deviceCodeSubmit,
  'POST /codex/device/decision': deviceDecision,
  'GET /deviceauth/callback': deviceCallback,
  'GET /api/accounts/v1/user-auth-credential/whoami': whoami,
  // Agent-identity JWKS where the client derives it from a ChatGPT base URL (spec §7.3).
  'GET /backend-api/wham/agent-identities/jwks': agentIdentityJwks,
  'GET /wham/agent-identities/jwks': agentIdentityJwks,
  'GET /agent-identities/jwks': agentIdentityJwks,
  'GET /': () => json(200, { issuer: 'codex-auth', discovery: '/.well-known/openid-configuration' }),
};

const TASK_REGISTER = /^\/api\/accounts\/v1\/agent\/([^/]+)\/task\/register$/;

function dispatch(ctx: IssuerContext, req: IssuerRequest): IssuerResponse | Promise<IssuerResponse> {
  const handler = ROUTES[`${req.method === 'HEAD' ? 'GET' : req.method} ${req.path}`];
  if (handler) return handler(ctx, req);
  const task = TASK_REGISTER.exec(req.path);
  if (task && req.method === 'POST') return registerTask(ctx, req, decodeURIComponent(task[1]!));
  const known = Object.keys(ROUTES).some((k) => k.endsWith(` ${req.path}`));
  return known
    ? json(405, { error: 'method_not_allowed', error_description: `${req.method} is not allowed on ${req.path}` })
    : json(404, { error: 'not_found', error_description: `no route ${req.path}` });
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Starts an issuer. `--port 0` (the default) picks a free port; the host defaults to 127.0.0.1. */
export async function startIssuer(options: IssuerOptions = {}): Promise<RunningIssuer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new IssuerInputError('port must be a whole number from 0 to 65535');
  let baseUrl = '';
  const ctx = await createContext(options, () => baseUrl);
  const admin = createAdmin(ctx);
  const closing = new AbortController();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(ctx, admin, req, res, closing.signal).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'server_error' }));
    });
  });
  // Keep idle connections longer than clients pool them (hyper/reqwest: 90 s), so a client never
  // sends a request on a connection the server is closing at that moment (Node's default is 5 s).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 130_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        new IssuerInputError(
          e.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is already in use: pick another with --port (0 picks a free one)`
            : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND'
              ? `cannot listen on host "${host}": use an address of this machine, e.g. 127.0.0.1`
              : e.code === 'EACCES'
                ? `not allowed to listen on port ${port}: use a port above 1023, or 0 for a free one`
                : `cannot listen on ${host}:${port} (${e.code ?? 'error'})`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  baseUrl = (options.publicUrl ?? `http://${hostForUrl(host)}:${actual}`).replace(/\/+$/, '');

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    port: actual,
    host,
    admin,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}

async function handle(
  ctx: IssuerContext,
  admin: IssuerAdmin,
  raw: IncomingMessage,
  res: ServerResponse,
  closing: AbortSignal,
): Promise<void> {
  const url = new URL(raw.url ?? '/', 'http://issuer.invalid');
  const method = (raw.method ?? 'GET').toUpperCase();
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  const req: IssuerRequest = {
    method,
    path: url.pathname,
    query,
    headers: raw.headers,
    body: null,
    fromLoopback: isLoopbackAddress(raw.socket.remoteAddress),
  };
  const isAdmin = req.path === '/admin' || req.path.startsWith('/admin/');
  let response: IssuerResponse;
  let faultLabel: string | undefined;
  try {
    req.body = await readBody(raw);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    return send(ctx, req, res, fromHttpError(e), isAdmin);
  }

  if (isAdmin) {
    if (!ctx.adminEnabled) response = json(404, { error: 'not_found', error_description: 'the admin API is off (start the issuer with --admin)' });
    else if (!req.fromLoopback) response = json(403, { error: 'forbidden', error_description: 'the admin API only answers loopback callers' });
    else {
      const refusal = adminRefusal(raw);
      response = refusal ?? (await run(() => adminRoute(admin, req)));
    }
    return send(ctx, req, res, response, true);
  }

  const fault = ctx.faults.take(method, req.path, { ...req.query, ...(req.body ?? {}) });
  if (fault) {
    faultLabel = fault.label;
    if (fault.delayMs > 0) await sleep(fault.delayMs, closing);
    if (closing.aborted) return void raw.socket.destroy();
    switch (fault.action) {
      case 'reset':
        log(ctx, req, 0, faultLabel);
        raw.socket.destroy();
        return;
      case 'hang':
        log(ctx, req, 0, faultLabel);
        return; // never answered; close() destroys the socket
      case 'malformed':
        log(ctx, req, fault.status, faultLabel);
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end('{"access_token": "eyJ');
        return;
      case 'respond': {
        const body = fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
        const headers = { ...(typeof fault.body === 'string' || fault.body === undefined ? {} : { 'content-type': 'application/json' }), ...fault.headers };
        return send(ctx, req, res, { status: fault.status, headers, body }, false, faultLabel, fault.encoding);
      }
      case 'continue':
        break;
    }
  }
  response = await run(() => dispatch(ctx, req));
  return send(ctx, req, res, response, false, faultLabel, fault?.encoding);
}

/**
 * Guards against a web page in a local browser driving the admin API: the Host must name a loopback
 * address (defeats DNS rebinding) and bodies must be JSON (a cross-site form cannot send that without
 * a CORS preflight, which this server never grants).
 */
function adminRefusal(raw: IncomingMessage): IssuerResponse | null {
  const host = (raw.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  if (!(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host))) {
    return json(403, { error: 'forbidden', error_description: 'the admin API only answers requests addressed to a loopback host (127.0.0.1, localhost or [::1])' });
  }
  const type = (raw.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (Number(raw.headers['content-length'] ?? 0) > 0 && type !== 'application/json') {
    return json(415, { error: 'unsupported_media_type', error_description: 'admin requests with a body must send content-type: application/json' });
  }
  return null;
}

async function run(fn: () => IssuerResponse | Promise<IssuerResponse>): Promise<IssuerResponse> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HttpError) return fromHttpError(e);
    if (e instanceof IssuerInputError) return json(400, { error: 'invalid_request', error_description: e.message }, 'invalid_request');
    return json(500, { error: 'server_error', error_description: 'The issuer failed to handle this request.' }, 'server_error');
  }
}

function log(ctx: IssuerContext, req: IssuerRequest, status: number, fault?: string, outcome?: string, encoding?: IssuerCoding | null): void {
  ctx.log.add({
    time: new Date(ctx.now()).toISOString(),
    method: req.method,
    path: req.path,
    query: redactFields(req.query) as Record<string, string>,
    headers: redactHeaders(req.headers),
    body: req.body ? redactFields(req.body) : null,
    status,
    ...(fault ? { fault } : {}),
    ...(outcome ? { outcome } : {}),
    ...(encoding ? { encoding } : {}),
  });
}

function send(ctx: IssuerContext, req: IssuerRequest, res: ServerResponse, r: IssuerResponse, isAdmin: boolean, fault?: string, forced?: IssuerCoding): void {
  let body: Buffer = Buffer.from(r.body ?? '', 'utf8');
  const headers = { ...(r.headers ?? {}) };
  const chosen = isAdmin ? null : (forced ?? chooseCoding(req.headers['accept-encoding'], ctx.settings.compression));
  const coding = chosen && body.length > 0 && r.status !== 204 && r.status !== 304 ? chosen : null;
  if (!isAdmin) log(ctx, req, r.status, fault, r.outcome, coding);
  if (coding) {
    body = encodeBody(body, coding);
    headers['content-encoding'] = coding;
  }
  if (!isAdmin && ctx.settings.compression.length > 0) headers['vary'] = 'accept-encoding';
  res.writeHead(r.status, { ...headers, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
