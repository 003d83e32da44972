// CA bundle selection, parsing and every error text of codex-cli-observed §5, on generated PKI.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { execFileSync } from 'node:child_process';
import { CA_CERT_HINT } from '../../../src/messages/net.js';
import { loadCaBundle, parseCaBundle, resolveTrustedRoots, selectCaBundle, systemRoots } from '../../../src/net/ca.js';
import { isCodexAuthError } from '../../../src/errors.js';
import { rustIoErrorText } from '../../../src/net/os-error.js';
import { makePki, type Pki } from '../../helpers/net-fixtures.js';

let dir: string;
let pki: Pki;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-auth-ca-'));
  pki = makePki(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const CODEX = 'CODEX_CA_CERTIFICATE';

function errorOf(path: string, variable: 'CODEX_CA_CERTIFICATE' | 'SSL_CERT_FILE' = CODEX): { code: string; message: string } {
  try {
    loadCaBundle({ variable, path });
  } catch (e) {
    assert.ok(isCodexAuthError(e));
    assert.ok(!e.message.includes('\n'), 'one line');
    return { code: e.code, message: e.message };
  }
  assert.fail(`expected ${path} to fail`);
}

test('selection: CODEX_CA_CERTIFICATE, else SSL_CERT_FILE; empty is unset; values are not trimmed', () => {
  assert.deepEqual(selectCaBundle({ CODEX_CA_CERTIFICATE: 'a.pem', SSL_CERT_FILE: 'b.pem' }), { variable: CODEX, path: 'a.pem' });
  assert.deepEqual(selectCaBundle({ SSL_CERT_FILE: 'b.pem' }), { variable: 'SSL_CERT_FILE', path: 'b.pem' });
  assert.deepEqual(selectCaBundle({ CODEX_CA_CERTIFICATE: '', SSL_CERT_FILE: 'b.pem' }), { variable: 'SSL_CERT_FILE', path: 'b.pem' });
  assert.deepEqual(selectCaBundle({ CODEX_CA_CERTIFICATE: '  ' }), { variable: CODEX, path: '  ' });
  assert.equal(selectCaBundle({ CODEX_CA_CERTIFICATE: '', SSL_CERT_FILE: '' }), null);
  assert.equal(selectCaBundle({}), null);
});

test('accepted bundles yield exactly their certificates', () => {
  const fp = (pem: string): string => new X509Certificate(pem).fingerprint256;
  const ca = fp(readFileSync(pki.caPem, 'utf8'));
  const other = fp(readFileSync(pki.otherCaPem, 'utf8'));
  const load = (name: string): string[] => loadCaBundle({ variable: CODEX, path: pki.files[name]! }).map(fp);
  assert.deepEqual(load('bundle.pem'), [other, ca]);
  assert.deepEqual(load('trusted.pem'), [ca]); // X509_AUX trailer dropped
  assert.deepEqual(load('with-crl.pem'), [ca]);
  assert.deepEqual(load('key-and-cert.pem'), [ca]);
  assert.deepEqual(load('crlf.pem'), [ca]);
  assert.deepEqual(load('leading-text.pem'), [ca]);
  assert.deepEqual(load('leaf-only.pem').length, 1);
});

test('a bundle as large as a system store parses completely', () => {
  const big = join(dir, 'big.pem');
  writeFileSync(big, rootCertificates.join('\n'));
  assert.equal(loadCaBundle({ variable: 'SSL_CERT_FILE', path: big }).length, rootCertificates.length);
});

test('read errors: the reference text with the Rust/musl io error and the hint', () => {
  const missing = join(dir, 'missing.pem');
  assert.deepEqual(errorOf(missing), {
    code: 'net.ca_read',
    message: `Failed to read CA certificate file ${missing} selected by CODEX_CA_CERTIFICATE: No such file or directory (os error 2). ${CA_CERT_HINT}`,
  });
  assert.equal(errorOf(dir, 'SSL_CERT_FILE').message, `Failed to read CA certificate file ${dir} selected by SSL_CERT_FILE: Is a directory (os error 21). ${CA_CERT_HINT}`);
  assert.equal(errorOf(`${pki.caPem}/x`).message, `Failed to read CA certificate file ${pki.caPem}/x selected by CODEX_CA_CERTIFICATE: Not a directory (os error 20). ${CA_CERT_HINT}`);
  const loop = join(dir, 'loop');
  symlinkSync(loop, loop);
  assert.match(errorOf(loop).message, /: Symbolic link loop \(os error 40\)\. /);
  assert.equal(rustIoErrorText(Object.assign(new Error('x'), { code: 'EACCES' })), 'Permission denied (os error 13)');
  assert.equal(rustIoErrorText(Object.assign(new Error('x'), { code: 'ENAMETOOLONG' })), 'Filename too long (os error 36)');
});

test('parse errors: every case of codex-cli-observed §5 and the reference parser', () => {
  const load = (name: string, detail: string): void => {
    const path = pki.files[name]!;
    assert.deepEqual(errorOf(path), {
      code: 'net.ca_parse',
      message: `Failed to load CA certificates from ${path} selected by CODEX_CA_CERTIFICATE: ${detail}. ${CA_CERT_HINT}`,
    });
  };
  for (const name of ['empty.pem', 'garbage.pem', 'ca.der', 'key-only.pem', 'pkcs7.pem']) load(name, 'no certificates found in PEM file');
  load('bad-base64.pem', 'failed to parse PEM file: base64 decode error: InvalidCharacter(33)');
  load('good-then-bad.pem', 'failed to parse PEM file: base64 decode error: InvalidCharacter(33)');
  load('trusted-bad-length.pem', 'failed to extract certificate data from TRUSTED CERTIFICATE: invalid DER length');
  load('unterminated.pem', 'failed to parse PEM file: missing section end marker: [67, 69, 82, 84, 73, 70, 73, 67, 65, 84, 69]');
  const notCert = pki.files['not-a-cert.pem']!;
  assert.equal(
    errorOf(notCert).message,
    `Failed to parse certificate #1 from ${notCert} selected by CODEX_CA_CERTIFICATE: builder error. ${CA_CERT_HINT}`,
  );
  // The certificate number is 1-based across the bundle.
  const second = join(dir, 'second-bad.pem');
  writeFileSync(second, readFileSync(pki.caPem, 'utf8') + readFileSync(notCert, 'utf8'));
  assert.match(errorOf(second).message, /^Failed to parse certificate #2 from /);
  // A UTF-8 BOM before the first BEGIN hides that block, as in the reference.
  assert.equal(errorOf(writeTemp('bom.pem', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(pki.caPem)]))).message.includes('no certificates found'), true);
});

function writeTemp(name: string, content: Buffer | string): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

test('parseCaBundle works on bytes and names the source only in messages', () => {
  const ders = parseCaBundle(readFileSync(pki.files['bundle.pem']!), { variable: 'SSL_CERT_FILE', path: '/nowhere' });
  assert.equal(ders.length, 2);
  assert.throws(() => parseCaBundle(Buffer.alloc(0), { variable: 'SSL_CERT_FILE', path: '/nowhere' }), {
    message: `Failed to load CA certificates from /nowhere selected by SSL_CERT_FILE: no certificates found in PEM file. ${CA_CERT_HINT}`,
  });
});

test('trusted roots: custom certificates are added to the system roots, never replace them', () => {
  const none = resolveTrustedRoots({ env: {}, strictCa: true });
  assert.equal(none.source, null);
  assert.equal(none.ca.length, rootCertificates.length);
  const custom = resolveTrustedRoots({ env: { CODEX_CA_CERTIFICATE: pki.files['bundle.pem'] }, strictCa: true });
  assert.equal(custom.customCount, 2);
  assert.equal(custom.ca.length, rootCertificates.length + 2);
  assert.deepEqual(custom.ca.slice(0, rootCertificates.length), [...rootCertificates]);
});

test('certificates Node already trusts are not added twice (a system bundle adds only what is new)', () => {
  const f = join(dir, 'system-like.pem');
  writeFileSync(f, [...rootCertificates, readFileSync(pki.caPem, 'utf8'), rootCertificates[0]].join('\n'));
  const r = resolveTrustedRoots({ env: { SSL_CERT_FILE: f }, strictCa: true });
  assert.equal(r.customCount, rootCertificates.length + 2);
  assert.equal(r.extra.length, 1);
  assert.equal(new X509Certificate(r.extra[0]!).fingerprint256, new X509Certificate(readFileSync(pki.caPem)).fingerprint256);
  assert.equal(r.ca.length, rootCertificates.length + 1);
});

test('system roots also read SSL_CERT_FILE (when CODEX_CA_CERTIFICATE is selected) and hashed SSL_CERT_DIR files', () => {
  const both = resolveTrustedRoots({ env: { CODEX_CA_CERTIFICATE: pki.otherCaPem, SSL_CERT_FILE: pki.caPem }, strictCa: true });
  assert.equal(both.ca.length, rootCertificates.length + 2);
  const certDir = join(dir, 'certdir');
  mkdirSync(certDir);
  const hash = execFileSync('openssl', ['x509', '-hash', '-noout', '-in', pki.caPem], { encoding: 'utf8' }).trim();
  writeFileSync(join(certDir, `${hash}.0`), readFileSync(pki.caPem));
  writeFileSync(join(certDir, 'README'), readFileSync(pki.otherCaPem)); // not a hashed name: ignored
  writeFileSync(join(certDir, '00000000.0'), 'garbage'); // unparsable: ignored (lenient)
  assert.equal(systemRoots({ SSL_CERT_DIR: certDir }).length, rootCertificates.length + 1);
  // A broken SSL_CERT_FILE as a *system* root is skipped silently, like the native loader.
  assert.equal(systemRoots({ SSL_CERT_FILE: pki.files['garbage.pem']! }).length, rootCertificates.length);
});

test('strict throws the bundle error; lenient warns once with it and keeps the system roots', () => {
  const env = { SSL_CERT_FILE: pki.files['bad-base64.pem']! };
  assert.throws(() => resolveTrustedRoots({ env, strictCa: true }), (e: unknown) => isCodexAuthError(e, 'net.ca_parse'));
  const warnings: string[] = [];
  const r = resolveTrustedRoots({ env, strictCa: false, warn: (m) => warnings.push(m) });
  assert.equal(r.customCount, 0);
  assert.equal(r.ca.length, rootCertificates.length);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^warning: Failed to load CA certificates from .* InvalidCharacter\(33\)\. If you set .* Falling back to the system root certificates\.$/);
});
