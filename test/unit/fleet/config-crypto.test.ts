// Fleet configuration (URL parsing, password redaction, name, timeout → lease) and the
// encryption at rest of the refresh token (HKDF → AES-256-GCM bound to fleet and generation).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCodexAuthError } from '../../../src/errors.js';
import { fleetConfigFrom, leaseMs, redactRedisUrl } from '../../../src/fleet/config.js';
import { deriveFleetKey, openRefreshToken, readFleetKey, sealRefreshToken } from '../../../src/fleet/crypto.js';

describe('fleet config', () => {
  it('is absent without CODEX_AUTH_FLEET_URL and parses redis:// and rediss:// URLs', () => {
    assert.equal(fleetConfigFrom({}), undefined);
    assert.equal(fleetConfigFrom({ CODEX_AUTH_FLEET_URL: '' }), undefined);
    const c = fleetConfigFrom({ CODEX_AUTH_FLEET_URL: 'rediss://runner:p%40ss@redis.internal:6380/2', CODEX_AUTH_FLEET_NAME: 'ci.eu-1' })!;
    assert.equal(c.tls, true);
    assert.equal(c.displayUrl, 'rediss://runner@redis.internal:6380/2');
    assert.equal(c.prefix, 'codex-auth:fleet:ci.eu-1:');
    assert.equal(c.requestTimeoutMs, 30_000);
    assert.ok(leaseMs(c) > c.requestTimeoutMs, 'the lease outlives the request');
  });

  it('never shows a password, wherever it is written', () => {
    for (const url of ['redis://:hunter2@h:1', 'redis://u:hunter2@h:1', 'redis://hunter2@h:1', 'redis://u:hunter2@h:1/0?password=hunter2#hunter2']) {
      assert.ok(!redactRedisUrl(url).includes('hunter2'), url);
    }
    assert.equal(redactRedisUrl('not a url hunter2'), '<unparsable URL>');
  });

  it('refuses other schemes, bad names and timeouts with one clear line (no password in it)', () => {
    for (const env of [
      { CODEX_AUTH_FLEET_URL: 'http://u:hunter2@h' },
      { CODEX_AUTH_FLEET_URL: 'redis://h', CODEX_AUTH_FLEET_NAME: 'a b' },
      { CODEX_AUTH_FLEET_URL: 'redis://h', CODEX_AUTH_FLEET_REFRESH_TIMEOUT: '0' },
      { CODEX_AUTH_FLEET_URL: 'redis://u:hunter2@h/x' },
    ]) {
      assert.throws(
        () => fleetConfigFrom(env),
        (e) => isCodexAuthError(e, 'fleet.config') && !e.message.includes('hunter2') && !e.message.includes('\n'),
      );
    }
  });
});

describe('fleet crypto', () => {
  const key = deriveFleetKey(Buffer.alloc(32, 7), 'default');

  it('seals and opens; the ciphertext holds no plaintext and differs each time', () => {
    const a = sealRefreshToken(key, 5, 'rt-secret-value');
    assert.notEqual(a, sealRefreshToken(key, 5, 'rt-secret-value'));
    assert.ok(!a.includes('rt-secret-value'));
    assert.equal(openRefreshToken(key, 5, a), 'rt-secret-value');
  });

  it('does not open for another generation, fleet or key (bound by GCM additional data)', () => {
    const a = sealRefreshToken(key, 5, 'rt');
    for (const [k, gen] of [[key, 6], [deriveFleetKey(Buffer.alloc(32, 7), 'other'), 5], [deriveFleetKey(Buffer.alloc(32, 8), 'default'), 5]] as const) {
      assert.throws(() => openRefreshToken(k, gen, a), (e) => isCodexAuthError(e, 'fleet.key_mismatch'));
    }
    // A changed ciphertext byte (the first character of the ciphertext part holds 6 whole bits).
    const [v, iv, ct, tag] = a.split('.') as [string, string, string, string];
    const tampered = [v, iv, `${ct[0] === 'A' ? 'B' : 'A'}${ct.slice(1)}`, tag].join('.');
    assert.throws(() => openRefreshToken(key, 5, tampered), (e) => isCodexAuthError(e, 'fleet.key_mismatch'));
  });

  it('a key file needs at least 32 bytes; the key id is public and stable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-key-'));
    try {
      writeFileSync(join(dir, 'short'), Buffer.alloc(31, 1));
      await assert.rejects(readFleetKey(join(dir, 'short'), 'default'), (e) => isCodexAuthError(e, 'fleet.key_short'));
      await assert.rejects(readFleetKey(join(dir, 'missing'), 'default'), (e) => isCodexAuthError(e, 'fleet.key_file') && /ENOENT/.test(e.message));
      writeFileSync(join(dir, 'ok'), Buffer.alloc(32, 7));
      assert.equal((await readFleetKey(join(dir, 'ok'), 'default')).id, key.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
