// Throwaway PKI and loopback servers for the transport tests: a CA (and an unrelated one), a
// localhost/127.0.0.1 leaf signed by the CA, the CA's PEM variants (bundle, TRUSTED CERTIFICATE,
// CRL, key+cert, CRLF, DER, PKCS7...), an HTTPS+WSS echo server and a recording CONNECT proxy.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export interface Pki {
  dir: string;
  /** PEM file paths. */
  caPem: string;
  otherCaPem: string;
  leafPem: string;
  leafKey: string;
  caKey: string;
  /** Files for the CA parsing tests, keyed by name. */
  files: Record<string, string>;
}

export function makePki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const p = (n: string): string => join(dir, n);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=codex-auth test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '2', '-subj', '/CN=unrelated CA'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(p('leaf.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext'], dir);
  // A real CRL from the CA.
  writeFileSync(p('index.txt'), '');
  writeFileSync(p('crlnumber'), '01\n');
  writeFileSync(p('ca.cnf'), `[ca]\ndefault_ca=d\n[d]\ndatabase=${p('index.txt')}\ncrlnumber=${p('crlnumber')}\ndefault_md=sha256\ndefault_crl_days=1\n`);
  openssl(['ca', '-gencrl', '-keyfile', 'ca.key', '-cert', 'ca.pem', '-out', 'crl.pem', '-config', 'ca.cnf'], dir);
  openssl(['x509', '-in', 'ca.pem', '-trustout', '-addtrust', 'serverAuth', '-out', 'ca-trusted.pem'], dir);
  openssl(['x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.der'], dir);
  openssl(['crl2pkcs7', '-nocrl', '-certfile', 'ca.pem', '-out', 'ca.p7b'], dir);

  const ca = readFileSync(p('ca.pem'), 'utf8');
  const other = readFileSync(p('other.pem'), 'utf8');
  const crl = readFileSync(p('crl.pem'), 'utf8');
  const lines = ca.trimEnd().split('\n');
  // Break the base64 of the second line with '!' (byte 33).
  const badLines = [...lines];
  badLines[1] = `${badLines[1]!.slice(0, 10)}!${badLines[1]!.slice(11)}`;
  const files: Record<string, string> = {};
  const put = (name: string, content: string | Buffer): void => {
    writeFileSync(p(name), content);
    files[name] = p(name);
  };
  put('bundle.pem', other + ca);
  put('trusted.pem', readFileSync(p('ca-trusted.pem'), 'utf8'));
  put('with-crl.pem', crl + ca);
  put('key-and-cert.pem', readFileSync(p('leaf.key'), 'utf8') + ca);
  put('crlf.pem', ca.replace(/\n/g, '\r\n'));
  put('leading-text.pem', `Subject: test CA\nissuer=whatever\n\n${ca}`);
  put('other.pem', other);
  put('leaf-only.pem', readFileSync(p('leaf.pem'), 'utf8'));
  put('empty.pem', '');
  put('garbage.pem', 'this is not a certificate\n');
  put('ca.der', readFileSync(p('ca.der')));
  put('key-only.pem', readFileSync(p('ca.key'), 'utf8'));
  put('pkcs7.pem', readFileSync(p('ca.p7b'), 'utf8'));
  put('bad-base64.pem', `${badLines.join('\n')}\n`);
  put('good-then-bad.pem', `${ca}${badLines.join('\n')}\n`);
  put('not-a-cert.pem', '-----BEGIN CERTIFICATE-----\nMIIBAAA\n-----END CERTIFICATE-----\n');
  put('trusted-bad-length.pem', '-----BEGIN TRUSTED CERTIFICATE-----\nMIIBAAA=\n-----END TRUSTED CERTIFICATE-----\n');
  put('unterminated.pem', `${lines.slice(0, -1).join('\n')}\n`);
  return { dir, caPem: p('ca.pem'), otherCaPem: p('other.pem'), leafPem: p('leaf.pem'), leafKey: p('leaf.key'), caKey: p('ca.key'), files };
}

export interface EchoServer {
  server: HttpsServer | HttpServer;
  port: number;
  close(): Promise<void>;
}

function listen(server: HttpsServer | HttpServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** An HTTPS (or plain HTTP) server answering every request with JSON of what it received, plus a WebSocket echo. */
export async function startEchoServer(pki: Pki | null): Promise<EchoServer> {
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    });
  };
  const server = pki
    ? createHttpsServer({ key: readFileSync(pki.leafKey), cert: readFileSync(pki.leafPem) }, handler)
    : createHttpServer(handler);
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    socket.send(JSON.stringify({ hello: req.url, protocol: socket.protocol, auth: req.headers.authorization ?? null }));
    socket.on('message', (data) => socket.send(data.toString()));
  });
  const port = await listen(server);
  return {
    server,
    port,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface RecordingProxy {
  port: number;
  /** `CONNECT host:port` targets and absolute-form request URLs, in order. */
  seen: string[];
  /** Proxy-Authorization headers seen. */
  auth: (string | undefined)[];
  close(): Promise<void>;
}

/** A loopback HTTP proxy: tunnels CONNECT, forwards absolute-form HTTP, records both. */
/** `tunnelTo`: every CONNECT goes to this loopback port whatever it names (a stand-in for a real host). */
export async function startProxy(opts: { refuseWith?: number; tls?: Pki; tunnelTo?: number } = {}): Promise<RecordingProxy> {
  const seen: string[] = [];
  const auth: (string | undefined)[] = [];
  const sockets = new Set<Socket>();
  const onRequest = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    seen.push(`${req.method} ${req.url}`);
    auth.push(req.headers['proxy-authorization']);
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  };
  // With `tls`, the proxy itself speaks HTTPS (an https:// proxy URL), with the test CA's leaf.
  const server = opts.tls
    ? createHttpsServer({ key: readFileSync(opts.tls.leafKey), cert: readFileSync(opts.tls.leafPem) }, onRequest)
    : createHttpServer(onRequest);
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    auth.push(req.headers['proxy-authorization']);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (opts.refuseWith) {
      client.end(`HTTP/1.1 ${opts.refuseWith} Refused\r\n\r\n`);
      return;
    }
    const [host, port] = opts.tunnelTo ? ['127.0.0.1', opts.tunnelTo] : splitHostPort(req.url ?? '');
    const upstream = netConnect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  return {
    port,
    seen,
    auth,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function splitHostPort(authority: string): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority);
  if (!m) return [authority, 443];
  return [m[1]!, Number(m[2])];
}
