// Trust decisions against the official binary: for each CA setting, the official device flow
// either reaches our HTTPS fake (and then fails on its JSON: TLS worked) or fails with
// `error sending request` (TLS refused). Our Transport must reach the same verdict.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from '../../../src/net/transport.js';
import { baseEnv, runOfficial, tempDir } from '../../helpers/run.js';
import { makePki, startEchoServer, type EchoServer, type Pki } from '../../helpers/net-fixtures.js';

let tmp: { path: string; cleanup: () => void };
let pki: Pki;
let server: EchoServer;
before(async () => {
  tmp = tempDir('codex-auth-ca-trust-');
  pki = makePki(join(tmp.path, 'pki'));
  server = await startEchoServer(pki);
});
after(async () => {
  await server.close();
  tmp.cleanup();
});

async function officialTrusts(env: Record<string, string>, i: number): Promise<boolean> {
  const home = join(tmp.path, `home${i}`);
  mkdirSync(home);
  const r = await runOfficial(['login', '--device-auth', '--experimental_issuer', `https://127.0.0.1:${server.port}`], {
    env: baseEnv(home, { SSL_CERT_FILE: undefined, SSL_CERT_DIR: undefined, ...env }),
  });
  assert.equal(r.code, 1);
  if (r.stderr.includes('error sending request for url')) return false;
  assert.match(r.stderr, /missing field `device_auth_id`|expected value|invalid type/, r.stderr);
  return true;
}

async function oursTrusts(env: Record<string, string>): Promise<boolean> {
  const t = createTransport({ env, strictCa: true });
  try {
    const res = await t.fetch(`https://127.0.0.1:${server.port}/api/accounts/deviceauth/usercode`, { method: 'POST', body: '{}' });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  } finally {
    await t.close();
  }
}

test('the official binary and our Transport trust the same servers', async () => {
  const f = pki.files;
  const cases: Record<string, string>[] = [
    {},
    { CODEX_CA_CERTIFICATE: pki.caPem },
    { SSL_CERT_FILE: pki.caPem },
    { CODEX_CA_CERTIFICATE: f['bundle.pem']! },
    { CODEX_CA_CERTIFICATE: f['trusted.pem']! },
    { CODEX_CA_CERTIFICATE: f['with-crl.pem']! },
    { CODEX_CA_CERTIFICATE: f['key-and-cert.pem']! },
    { CODEX_CA_CERTIFICATE: f['crlf.pem']! },
    { CODEX_CA_CERTIFICATE: f['leading-text.pem']! },
    { CODEX_CA_CERTIFICATE: pki.otherCaPem },
    { CODEX_CA_CERTIFICATE: f['leaf-only.pem']! },
    { CODEX_CA_CERTIFICATE: pki.otherCaPem, SSL_CERT_FILE: pki.caPem },
    { CODEX_CA_CERTIFICATE: '', SSL_CERT_FILE: pki.caPem },
  ];
  const official = await Promise.all(cases.map((env, i) => officialTrusts(env, i)));
  for (const [i, env] of cases.entries()) {
    assert.equal(await oursTrusts(env), official[i], JSON.stringify(env));
  }
  // Sanity: the set is not trivially uniform.
  assert.ok(official.includes(true) && official.includes(false));
});
