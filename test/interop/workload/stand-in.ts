// A TLS stand-in for auth.openai.com (and the staging host) reached the only way the official
// binary allows: HTTPS_PROXY → a loopback CONNECT proxy that sends every tunnel to the stand-in,
// trusted through CODEX_CA_CERTIFICATE (a throwaway CA made here). Records every request exactly
// (request line, raw header lines in order, body) and answers with the reply set for the test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { startProxy } from '../../helpers/net-fixtures.js';
import { join } from 'node:path';

export interface RawRequest {
  line: string;
  /** Header lines as sent: [name, value] pairs in order, names in their case. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface StandInReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Never answer (the connection is closed when the stand-in closes). */
  hang?: boolean;
}

export interface StandIn {
  /** Env for both CLIs: the proxy and the CA. */
  env: Record<string, string | undefined>;
  caPem: string;
  requests: RawRequest[];
  /** CONNECT targets seen by the proxy. */
  readonly tunnels: string[];
  clearTunnels(): void;
  reply: (r: StandInReply | ((req: RawRequest) => StandInReply)) => void;
  close(): Promise<void>;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA and a leaf for the OpenAI auth hosts (and localhost). */
export function makeAuthPki(dir: string): { caPem: string; leafPem: string; leafKey: string } {
  mkdirSync(dir, { recursive: true });
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=codex-auth WIF test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=auth.openai.com'], dir);
  writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:auth.openai.com,DNS:auth.api.openai.org,DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext'], dir);
  return { caPem: join(dir, 'ca.pem'), leafPem: join(dir, 'leaf.pem'), leafKey: join(dir, 'leaf.key') };
}

export async function startStandIn(dir: string): Promise<StandIn> {
  const pki = makeAuthPki(dir);
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  let answer: StandInReply | ((req: RawRequest) => StandInReply) = { status: 404 };
  const hanging = new Set<import('node:http').ServerResponse>();
  const tls = createHttpsServer({ key: readFileSync(pki.leafKey), cert: readFileSync(pki.leafPem) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      const raw: RawRequest = { line: `${req.method} ${req.url} HTTP/${req.httpVersion}`, headers, body: Buffer.concat(chunks) };
      requests.push(raw);
      const r = typeof answer === 'function' ? answer(raw) : answer;
      if (r.hang) {
        hanging.add(res);
        return;
      }
      res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
      res.end(r.body ?? '');
    });
  });
  tls.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
  const tlsPort = (tls.address() as AddressInfo).port;
  const proxy = await startProxy({ tunnelTo: tlsPort });
  const proxyUrl = `http://127.0.0.1:${proxy.port}`;
  return {
    env: { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1,localhost', CODEX_CA_CERTIFICATE: pki.caPem, SSL_CERT_FILE: undefined },
    caPem: pki.caPem,
    requests,
    get tunnels() {
      return proxy.seen.filter((x) => x.startsWith('CONNECT ')).map((x) => x.slice('CONNECT '.length));
    },
    clearTunnels: () => {
      proxy.seen.length = 0;
    },
    reply: (r) => {
      answer = r;
    },
    close: async () => {
      for (const r of hanging) r.destroy();
      for (const s of sockets) s.destroy();
      tls.closeAllConnections();
      await Promise.all([new Promise<void>((r) => tls.close(() => r())), proxy.close()]);
    },
  };
}

/** An unsigned JWT (alg none) with these claims. */
export function jwt(claims: Record<string, unknown>): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'none', typ: 'JWT' })}.${b(claims)}.sig`;
}

/** A valid exchange response for user `u`, with `over` replacing or deleting fields. */
export function exchangeReply(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    access_token: jwt({ exp: 4102444800, 'https://api.openai.com/auth': { chatgpt_user_id: 'user-1', chatgpt_account_id: 'acct-1' } }),
    issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    token_type: 'Bearer',
    expires_in: 600,
    scope: 'openid codex',
    chatgpt_account_id: 'acct-1',
    chatgpt_account_user_id: 'user-1__acct-1',
    user_id: 'user-1',
    chatgpt_plan_type: 'pro',
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}
