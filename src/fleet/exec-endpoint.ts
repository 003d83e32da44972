/**
 * The loopback endpoint `fleet exec` serves for its child's lifetime, named by
 * CODEX_REFRESH_TOKEN_URL_OVERRIDE / CODEX_REVOKE_TOKEN_URL_OVERRIDE:
 * - POST /oauth/token with the run's placeholder: the fleet's current generation — refreshed
 *   under the lease when due (client.ts) — as {id_token, access_token, refresh_token:
 *   placeholder}. Repeated asks (the official binary refreshes any token living < 300 s in a
 *   tight loop) are answered from memory until the fleet's rule says the token is due, so they
 *   never spend a generation each.
 * - POST /oauth/revoke: 200, and nothing shared is revoked (the child's logout is local).
 * Anything else: 404. Only the placeholder is accepted; answers carry no server text.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isCodexAuthError } from '../errors.js';
import type { FleetClient } from './client.js';
import { isFleetPermanent } from './errors.js';
import type { AccessRecord } from './records.js';

export interface ExecEndpoint {
  url: string;
  /** Refresh asks answered, and how many of them needed a fleet refresh. */
  stats: { asks: number; revokes: number };
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 65_536) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const j = JSON.parse(text) as unknown;
    if (j && typeof j === 'object') return j as Record<string, unknown>;
  } catch {
    // a form body, as some clients send
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startExecEndpoint(fleet: FleetClient, placeholder: string, initial: AccessRecord): Promise<ExecEndpoint> {
  let rec = initial;
  let pending: Promise<AccessRecord> | undefined;
  const stats = { asks: 0, revokes: 0 };
  const current = async (): Promise<AccessRecord> => {
    if (!fleet.isDue(rec)) return rec;
    // Due: one look at the fleet (and one fleet refresh at most) for all asks in flight.
    pending ??= fleet
      .refresh({ fromGen: rec.gen })
      .then((r) => (rec = r))
      .finally(() => (pending = undefined));
    return pending;
  };
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (req.method !== 'POST') return reply(res, 405, { error: 'method_not_allowed' });
      const b = await body(req);
      if (path === '/oauth/revoke') {
        stats.revokes++;
        return reply(res, 200, {});
      }
      if (path !== '/oauth/token') return reply(res, 404, { error: 'not_found' });
      if (b['grant_type'] !== 'refresh_token' || b['refresh_token'] !== placeholder) {
        return reply(res, 401, { error: { code: 'refresh_token_invalidated', message: 'not this run\'s token' } });
      }
      stats.asks++;
      try {
        const r = await current();
        return reply(res, 200, { id_token: r.idToken, access_token: r.accessToken, refresh_token: placeholder });
      } catch (e) {
        const permanent = isFleetPermanent(e);
        // A fleet that needs a push is a refused login for the child; anything else: try again later.
        return permanent
          ? reply(res, 401, { error: { code: 'refresh_token_invalidated', message: e.message } })
          : reply(res, 503, { error: { code: 'temporarily_unavailable', message: isCodexAuthError(e) ? e.message : 'fleet unavailable' } });
      }
    })().catch(() => {
      if (!res.headersSent) reply(res, 400, { error: 'invalid_request' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
