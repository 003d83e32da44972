// §1.7: `logout` and `login --with-api-key` ignore workload identity, exactly as the official
// 0.171.0 binary does — valid, broken or SPIFFE-only WIF variables alike: logout deletes
// auth.json (`Successfully logged out`) or says `Not logged in`, exit 0, no exchange, no
// validation; an API-key login writes auth.json, and status still reports workload identity.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runOfficial, runOurs, tempDir } from '../../helpers/run.js';
import { official0171 } from './official-0171.js';

process.env.CODEX_AUTH_TEST_CODEX_BIN = official0171();
const dir = tempDir('codex-auth-wif-l-');
after(() => dir.cleanup());
const assertion = join(dir.path, 'a.jwt');
writeFileSync(assertion, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.s');
const CONFIGS: Array<[string, Record<string, string>]> = [
  ['valid file source', { OPENAI_FEDERATION_RULE_ID: 'fr', OPENAI_IDENTITY_TOKEN_FILE: assertion }],
  ['broken', { OPENAI_IDENTITY_TOKEN_FILE: 'relative' }],
  ['SPIFFE-only variables', { OPENAI_IDENTITY_TOKEN_SOURCE: 'spiffe', OPENAI_SPIFFE_AUDIENCE: 'a' }],
];
const STORED = JSON.stringify({ OPENAI_API_KEY: 'sk-test-1234567890ABCDE' });
// A closed proxy port: nothing can leave, and an exchange attempt would show as an error.
const env = (home: string, wif: Record<string, string>) => baseEnv(home, { HTTPS_PROXY: 'http://127.0.0.1:1', ...wif });

test('logout ignores workload identity: ours = official (stored and nothing stored)', async () => {
  for (const [name, wif] of CONFIGS) {
    for (const stored of [true, false]) {
      const homes = [tempDir(), tempDir()];
      if (stored) for (const h of homes) writeFileSync(join(h.path, 'auth.json'), STORED);
      const official = await runOfficial(['logout'], { env: env(homes[0]!.path, wif) });
      const ours = await runOurs(['logout'], { env: env(homes[1]!.path, wif) });
      const label = `${name}, ${stored ? 'auth.json' : 'nothing'} stored`;
      assert.equal(ours.stderr.trim(), official.stderr.trim(), label);
      assert.equal(ours.code, official.code, label);
      assert.equal(ours.stderr.trim(), stored ? 'Successfully logged out' : 'Not logged in', label);
      assert.equal(existsSync(join(homes[1]!.path, 'auth.json')), false, label);
      for (const h of homes) h.cleanup();
    }
  }
});

test('login --with-api-key ignores workload identity and writes auth.json; status still reports workload identity (or its error)', async () => {
  for (const [name, wif] of CONFIGS) {
    const homes = [tempDir(), tempDir()];
    const official = await runOfficial(['login', '--with-api-key'], { env: env(homes[0]!.path, wif), stdin: 'sk-test-1234567890ABCDE\n' });
    const ours = await runOurs(['login', '--with-api-key'], { env: env(homes[1]!.path, wif), stdin: 'sk-test-1234567890ABCDE\n' });
    assert.equal(ours.code, official.code, name);
    assert.equal(ours.stderr.trim(), official.stderr.trim(), name);
    assert.equal(JSON.parse(readFileSync(join(homes[1]!.path, 'auth.json'), 'utf8')).OPENAI_API_KEY, 'sk-test-1234567890ABCDE');
    const [s1, s2] = [await runOfficial(['login', 'status'], { env: env(homes[0]!.path, wif) }), await runOurs(['login', 'status'], { env: env(homes[1]!.path, wif) })];
    assert.equal(s2.stderr.trim(), s1.stderr.trim(), name);
    assert.equal(s2.code, s1.code, name);
    assert.match(s2.stderr, /^Error checking login status: /, 'WIF wins over the key just stored');
    for (const h of homes) h.cleanup();
  }
});
