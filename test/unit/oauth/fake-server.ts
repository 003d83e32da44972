// A tiny loopback HTTP server for the oauth unit tests: records every request (method, path,
// headers, body, in order) and answers from a handler.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  /** A Buffer is sent as is (e.g. a compressed body). */
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export type Handler = (req: Captured) => Reply | 'hang';

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: Captured[];
  close(): Promise<void>;
}

export async function fakeServer(handler: Handler): Promise<FakeServer> {
  const requests: Captured[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured: Captured = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(captured);
      const reply = handler(captured);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers every request the same way. */
export function always(status: number, body: string | Buffer = '', headers?: Record<string, string>): Handler {
  return () => ({ status, body, ...(headers ? { headers } : {}) });
}

/** A URL on a port nothing listens on. */
export const REFUSED_URL = 'http://127.0.0.1:1';

/** Base64url JSON segment. */
export function b64(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** An unsigned-looking JWT with the given payload (signature is junk; nothing verifies it). */
export function fakeJwt(payload: unknown): string {
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.c2ln`;
}
