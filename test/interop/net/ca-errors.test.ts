// Our CA bundle messages against the official binary's, byte for byte: each bad bundle is given
// to `codex login --device-auth` (which fails on the CA before any request) and to our loader.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaBundle, type CaVariable } from '../../../src/net/ca.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { baseEnv, runOfficial, tempDir } from '../../helpers/run.js';
import { makePki, type Pki } from '../../helpers/net-fixtures.js';

let tmp: { path: string; cleanup: () => void };
let pki: Pki;
before(() => {
  tmp = tempDir('codex-auth-ca-interop-');
  pki = makePki(join(tmp.path, 'pki'));
});
after(() => tmp.cleanup());

async function officialMessage(variable: CaVariable, path: string): Promise<string> {
  const home = join(tmp.path, `home-${Math.random().toString(36).slice(2)}`);
  mkdirSync(home);
  const r = await runOfficial(['login', '--device-auth', '--experimental_issuer', 'http://127.0.0.1:1'], {
    env: baseEnv(home, { [variable]: path, SSL_CERT_DIR: undefined, ...(variable === 'SSL_CERT_FILE' ? {} : { SSL_CERT_FILE: undefined }) }),
  });
  assert.equal(r.code, 1);
  return r.stderr.trim();
}

function ourMessage(variable: CaVariable, path: string): string {
  try {
    loadCaBundle({ variable, path });
  } catch (e) {
    if (isCodexAuthError(e)) return `Error logging in: ${e.message}`;
    throw e;
  }
  return 'loaded';
}

test('every bad-bundle message matches the official binary', async () => {
  const extra = (name: string, content: string | Buffer): string => {
    const f = join(tmp.path, name);
    writeFileSync(f, content);
    return f;
  };
  const cases: [CaVariable, string][] = [
    ['CODEX_CA_CERTIFICATE', join(tmp.path, 'missing.pem')],
    ['SSL_CERT_FILE', join(tmp.path, 'missing.pem')],
    ['CODEX_CA_CERTIFICATE', tmp.path],
    ['CODEX_CA_CERTIFICATE', `${pki.caPem}/x`],
    ['CODEX_CA_CERTIFICATE', '  '],
    ...(['empty.pem', 'garbage.pem', 'ca.der', 'key-only.pem', 'pkcs7.pem', 'bad-base64.pem', 'good-then-bad.pem', 'not-a-cert.pem', 'trusted-bad-length.pem', 'unterminated.pem'].map(
      (n) => ['CODEX_CA_CERTIFICATE', pki.files[n]!] as [CaVariable, string],
    )),
    ['SSL_CERT_FILE', pki.files['garbage.pem']!],
    ['CODEX_CA_CERTIFICATE', extra('premature.pem', '-----BEGIN CERTIFICATE-----\nMI=IBAAA\n-----END CERTIFICATE-----\n')],
    ['CODEX_CA_CERTIFICATE', extra('trailing.pem', '-----BEGIN CERTIFICATE-----\nMIIBA\n-----END CERTIFICATE-----\n')],
    ['CODEX_CA_CERTIFICATE', extra('illegal.pem', '-----BEGIN CERTIFICATE------\nAA==\n-----END CERTIFICATE-----\n')],
    ['CODEX_CA_CERTIFICATE', extra('bad-crl.pem', `-----BEGIN X509 CRL-----\nMI!I\n-----END X509 CRL-----\n${readFileSync(pki.caPem, 'utf8')}`)],
    ['CODEX_CA_CERTIFICATE', extra('nonascii.pem', '-----BEGIN CERTIFICATE-----\nMI\u00e9IB\n-----END CERTIFICATE-----\n')],
    ['CODEX_CA_CERTIFICATE', extra('invalid-utf8.pem', Buffer.from('-----BEGIN CERTIFICATE-----\nMI\xffIB\n-----END CERTIFICATE-----\n', 'latin1'))],
    ['CODEX_CA_CERTIFICATE', extra('bom.pem', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(pki.caPem)]))],
    ['CODEX_CA_CERTIFICATE', extra('relabel.pem', `-----BEGIN CERTIFICATE-----\nMIIB\n${readFileSync(pki.caPem, 'utf8')}`)],
  ];
  const official = await Promise.all(cases.map(([v, p]) => officialMessage(v, p)));
  cases.forEach(([variable, path], i) => {
    assert.equal(ourMessage(variable, path), official[i], `${variable}=${path}`);
  });
});
