// Help texts and argument errors against codex 0.171.0's clap output (binary name aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asOurs, runPair } from '../../helpers/interop-pair.js';

// Same text, byte for byte, once `codex` is read as `codex-auth` in the usage line.
const SAME: string[][] = [
  ['login', 'status', '--help'],
  ['login', 'status', '-h'],
  ['logout', '--help'],
  ['logout', '-h'],
  ['login', 'help', 'status'],
  ['login', '--bogus'],
  ['login', 'status', '--bogus'],
  ['login', 'status', 'extra'],
  ['logout', 'extra'],
  ['logout', '--with-api-key'],
  ['login', '--experimental_issuer'],
  ['login', '--experimental_issuer', 'a', '--experimental_issuer', 'b'],
  ['login', '--experimental_client-id', 'a', '--experimental_client-id', 'b'],
  ['login', '--with-api-key', '--with-api-key'],
  ['login', '--with-access-token', '--with-access-token'],
  ['login', '--device-auth', '--device-auth'],
  ['login', '-c'],
  ['login', 'status', '-c', 'a=1', '-c'],
  ['logout', '--enable'],
  ['logout', '--disable'],
  ['login', '--api-key', 'a', 'b'],
  ['login', 'help', 'bogus'],
];

for (const args of SAME) {
  test(`args parity: ${args.join(' ')}`, async () => {
    const p = await runPair(args);
    try {
      assert.equal(p.ours.result.code, p.official.result.code);
      assert.equal(p.ours.result.stdout, asOurs(p.official.result.stdout));
      assert.equal(p.ours.result.stderr, asOurs(p.official.result.stderr));
    } finally {
      p.cleanup();
    }
  });
}

test('login --help: the official options, in order, plus ours (--issuer, --client-id); --device-auth described', async () => {
  const p = await runPair(['login', '--help']);
  try {
    assert.equal(p.ours.result.code, 0);
    const flags = (s: string) => [...s.matchAll(/^ {2}(?:-\w, )?(?: {4})?(--[\w-]+)/gm)].map((m) => m[1]);
    const official = flags(p.official.result.stdout);
    const ours = flags(p.ours.result.stdout);
    assert.deepEqual(ours.filter((f) => official.includes(f)), official);
    assert.deepEqual(ours.filter((f) => !official.includes(f)), ['--issuer', '--client-id']);
    assert.match(p.ours.result.stdout, /--device-auth\n {10}\S/);
    const head = (s: string) => s.split('\nOptions:\n')[0];
    assert.equal(head(p.ours.result.stdout), asOurs(head(p.official.result.stdout)!));
  } finally {
    p.cleanup();
  }
});
