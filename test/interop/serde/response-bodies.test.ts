// Malformed issuer response bodies: our CLI reports them with the official binary's serde_json
// text, byte for byte (both run `login --device-auth` against the embedded issuer, whose device
// usercode endpoint answers 200 with the body).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { baseEnv, runOfficial, runOurs, tempDir } from '../../helpers/run.js';

let issuer: RunningIssuer;
before(async () => {
  issuer = await startIssuer({ admin: true, deviceIntervalSeconds: 1 });
});
after(async () => {
  await issuer?.close();
});

const BODIES = [
  '{"user_code":"x",', // top-level members: has_next_key
  '{"a":[1,]}', // unknown member's value: ignore_value
  '{"a":{"b":1,}}',
  '{"a":"\\u12x4"}',
  '{"a":01}',
  '{"a":1,}',
];

for (const body of BODIES) {
  test(`usercode body ${body}: same error as the official binary`, async () => {
    issuer.admin.clearFaults();
    issuer.admin.addFault({ path: '/api/accounts/deviceauth/usercode', status: 200, body });
    const a = tempDir('codex-auth-serde-ours-');
    const b = tempDir('codex-auth-serde-official-');
    try {
      const args = ['login', '--device-auth', '--experimental_issuer', issuer.url];
      const ours = await runOurs(args, { env: baseEnv(a.path), timeoutMs: 20_000 });
      const official = await runOfficial(args, { env: baseEnv(b.path), timeoutMs: 20_000 });
      assert.match(official.stderr, /^Error logging in: .+ at line 1 column \d+\n$/);
      assert.equal(ours.stderr, official.stderr);
      assert.equal(ours.code, official.code);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
}
