// A child process for the workload identity benchmark (the bench times CLIs with spawnSync, so its
// servers must run elsewhere): a TLS stand-in for auth.openai.com (throwaway CA + leaf made with
// openssl) answering every exchange with a valid token, a CONNECT proxy sending every tunnel to
// it, and the SPIFFE test agent (dist/issuer). Prints {proxyUrl, caPem, spiffeEndpoint} as one
// JSON line on stdout, then serves until killed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distDir] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'codex-auth-bench-wif-'));
const ssl = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
ssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=bench CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
ssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=auth.openai.com']);
writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:auth.openai.com\nextendedKeyUsage=serverAuth\n');
ssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext']);

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const accessToken = `${b64({ alg: 'none' })}.${b64({ 'https://api.openai.com/auth': { chatgpt_user_id: 'user-bench' } })}.sig`;
const reply = JSON.stringify({
  access_token: accessToken,
  issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
  token_type: 'Bearer',
  expires_in: 3600,
  scope: 'openid',
  chatgpt_account_id: 'acct-bench',
  chatgpt_account_user_id: 'user-bench__acct-bench',
  user_id: 'user-bench',
});
let exchanges = 0;
const tls = createHttpsServer({ key: readFileSync(join(dir, 'leaf.key')), cert: readFileSync(join(dir, 'leaf.pem')) }, (req, res) => {
  req.resume();
  req.on('end', () => {
    exchanges++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
  });
});
await new Promise((r) => tls.listen(0, '127.0.0.1', r));
const proxy = createHttpServer((_q, s) => s.writeHead(405).end());
proxy.on('connect', (_req, client, head) => {
  const up = connect(tls.address().port, '127.0.0.1', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) up.write(head);
    up.pipe(client);
    client.pipe(up);
  });
  up.on('error', () => client.destroy());
  client.on('error', () => up.destroy());
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
const { startSpiffeAgent } = await import(pathToFileURL(join(distDir, 'issuer', 'index.js')).href);
const agent = await startSpiffeAgent({ socketPath: join(dir, 'agent.sock'), spiffeId: 'spiffe://example.org/bench' });
process.stdout.write(`${JSON.stringify({ proxyUrl: `http://127.0.0.1:${proxy.address().port}`, caPem: join(dir, 'ca.pem'), spiffeEndpoint: agent.endpoint, accessToken })}\n`);
process.on('SIGTERM', async () => {
  process.stderr.write(`exchanges served: ${exchanges}\n`);
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
