// Workload identity selection and validation (codex-0171-delta.md §1.1–1.3, §2 socket/ID rules):
// `login status` under every configuration of the spec prints what the official 0.171.0 binary
// prints, with the same exit code. Nothing leaves the machine: HTTPS_PROXY points at a closed
// loopback port, so a configuration that passes validation ends in "exchange is unavailable".
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runOfficial, runOurs, tempDir } from '../../helpers/run.js';
import { official0171 } from './official-0171.js';

process.env.CODEX_AUTH_TEST_CODEX_BIN = official0171();

const dir = tempDir('codex-auth-wif-');
after(() => dir.cleanup());
const f = (name: string, content: string | Buffer): string => {
  const p = join(dir.path, name);
  writeFileSync(p, content);
  return p;
};
const JWT = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig';
const files = {
  ok: f('ok.jwt', `${JWT}\n`),
  hello: f('hello.txt', 'hello world'),
  exact: f('exact.jwt', 'a'.repeat(16384)),
  over: f('over.jwt', `${'a'.repeat(16384)}\n`),
  empty: f('empty.jwt', ''),
  blank: f('blank.jwt', ' \r\n\t\n'),
  nul: f('nul.jwt', 'abc\0def'),
  badUtf8: f('bad.jwt', Buffer.from([0x61, 0xff, 0xfe, 0x62])),
};
const aDir = join(dir.path, 'a-directory');
mkdirSync(aDir);
const RULE = { OPENAI_FEDERATION_RULE_ID: 'fr_123' };
const SPIFFE = { ...RULE, OPENAI_IDENTITY_TOKEN_SOURCE: 'spiffe', SPIFFE_ENDPOINT_SOCKET: `unix://${join(dir.path, 'no-agent.sock')}`, OPENAI_SPIFFE_AUDIENCE: 'https://auth.openai.com' };

type Case = [name: string, env: Record<string, string | undefined>, args?: string[], authJson?: object];
const cases: Case[] = [
  // §1.1 selection
  ['nothing selected', {}],
  ['SPIFFE_ENDPOINT_SOCKET alone', { SPIFFE_ENDPOINT_SOCKET: 'unix:///x' }],
  ['context alone', { OPENAI_WORKLOAD_IDENTITY_CONTEXT: 'ctx' }],
  ['OPENAI_IDENTITY_TOKEN ignored', { OPENAI_IDENTITY_TOKEN: JWT }],
  ['empty file variable selects', { OPENAI_IDENTITY_TOKEN_FILE: '' }],
  ['empty SPIFFE ID selects', { OPENAI_SPIFFE_ID: '' }],
  ['audience selects', { OPENAI_SPIFFE_AUDIENCE: 'a' }],
  ['source selects', { OPENAI_IDENTITY_TOKEN_SOURCE: 'spiffe' }],
  // §1.2 step 1
  ['empty rule id', { OPENAI_FEDERATION_RULE_ID: '', OPENAI_IDENTITY_TOKEN_FILE: files.ok }],
  ['blank rule id', { OPENAI_FEDERATION_RULE_ID: '  ', OPENAI_IDENTITY_TOKEN_FILE: files.ok }],
  // step 2
  ['source empty', { ...RULE, OPENAI_IDENTITY_TOKEN_SOURCE: '' }],
  ['source SPIFFE', { ...RULE, OPENAI_IDENTITY_TOKEN_SOURCE: 'SPIFFE' }],
  ['source padded', { ...RULE, OPENAI_IDENTITY_TOKEN_SOURCE: ' spiffe ' }],
  ['source wins over routing', { ...RULE, OPENAI_IDENTITY_TOKEN_SOURCE: 'x' }, ['-c', 'chatgpt_base_url=https://example.com']],
  // step 3: file mode
  ['file mode, no file', RULE],
  ['file mode, empty audience', { ...RULE, OPENAI_SPIFFE_AUDIENCE: '', OPENAI_IDENTITY_TOKEN_FILE: files.ok }],
  ['file mode, SPIFFE ID', { ...RULE, OPENAI_SPIFFE_ID: 'spiffe://td/a', OPENAI_IDENTITY_TOKEN_FILE: files.ok }],
  ['explicit file mode, SPIFFE ID', { ...RULE, OPENAI_IDENTITY_TOKEN_SOURCE: 'file', OPENAI_SPIFFE_ID: 'x' }],
  ['empty path', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: '' }],
  ['relative path', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: 'token.jwt' }],
  ['socket ignored in file mode', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.ok, SPIFFE_ENDPOINT_SOCKET: 'garbage' }],
  // §1.3 file source
  ['missing file', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: join(dir.path, 'missing.jwt') }],
  ['directory', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: aDir }],
  ['16384 bytes pass', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.exact }],
  ['16384 bytes + newline', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.over }],
  ['empty file', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.empty }],
  ['whitespace-only file', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.blank }],
  ['NUL byte', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.nul }],
  ['invalid UTF-8', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.badUtf8 }],
  ['not a JWT is sent', { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.hello }],
  // step 4: spiffe mode
  ['spiffe with empty file variable', { ...SPIFFE, OPENAI_IDENTITY_TOKEN_FILE: '' }],
  ['spiffe, no socket', { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: undefined }],
  ['spiffe, empty socket', { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: '' }],
  ['spiffe, blank socket', { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: '  ' }],
  ['spiffe, no audience', { ...SPIFFE, OPENAI_SPIFFE_AUDIENCE: undefined }],
  ['spiffe, blank audience', { ...SPIFFE, OPENAI_SPIFFE_AUDIENCE: ' ' }],
  ['socket before audience', { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: '', OPENAI_SPIFFE_AUDIENCE: undefined }],
  ['audience before URI', { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: 'agent.sock', OPENAI_SPIFFE_AUDIENCE: '' }],
  ...['agent.sock', '/abs/agent.sock', 'unix:rel.sock', 'tcp://127.0.0.1:1', 'unix://localhost/abs.sock', 'unix:///abs.sock?x=1', 'unix:///abs.sock#f'].map(
    (s): Case => [`socket URI ${s}`, { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: s }],
  ),
  ...['unix:', 'unix://', 'UNIX://'].map((scheme): Case => [`socket URI ${scheme}/abs (no agent)`, { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: `${scheme}${join(dir.path, 'none.sock')}` }]),
  ['URI before SPIFFE ID', { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: 'agent.sock', OPENAI_SPIFFE_ID: 'bad' }],
  ...['', 'http://td/a', 'spiffe://td/a?x=1', 'spiffe://td/a/', ' spiffe://td/a', 'spiffe://td/a '].map(
    (id): Case => [`SPIFFE ID ${JSON.stringify(id)}`, { ...SPIFFE, OPENAI_SPIFFE_ID: id }],
  ),
  ['SPIFFE ID spiffe://td passes', { ...SPIFFE, OPENAI_SPIFFE_ID: 'spiffe://td' }],
  ['SPIFFE ID spiffe://Example.org/a passes', { ...SPIFFE, OPENAI_SPIFFE_ID: 'spiffe://Example.org/a' }],
  ['socket is a regular file', { ...SPIFFE, SPIFFE_ENDPOINT_SOCKET: `unix://${files.ok}` }],
  // step 5: routing
  ...['https://example.com', 'http://chatgpt.com', 'https://ChatGPT.com', 'https://chatgpt.com/api', 'https://chatgpt.com:443'].map(
    (u): Case => [`routing ${u}`, { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.ok }, ['-c', `chatgpt_base_url=${u}`]],
  ),
  ...['https://chatgpt.com', ' https://chat.openai.com/backend-api/ ', 'https://chatgpt.com/codex', 'https://chatgpt-staging.com/backend-api/codex'].map(
    (u): Case => [`routing ${u} accepted`, { ...RULE, OPENAI_IDENTITY_TOKEN_FILE: files.ok }, ['-c', `chatgpt_base_url=${u}`]],
  ),
  // §1.7 precedence: the WIF error wins over stored and env credentials
  ['broken WIF beats auth.json and env keys', { OPENAI_IDENTITY_TOKEN_FILE: files.ok, OPENAI_API_KEY: 'sk-x', CODEX_API_KEY: 'sk-y', CODEX_ACCESS_TOKEN: 'at-z' }, [], { OPENAI_API_KEY: 'sk-test-1234567890ABCDE' }],
];

test('login status under every workload identity configuration: ours = official 0.171.0 (text and exit code)', async () => {
  const diffs: string[] = [];
  for (const [name, extra, args = [], authJson] of cases) {
    const homes = [tempDir('codex-auth-wif-home-'), tempDir('codex-auth-wif-home-')];
    if (authJson) for (const h of homes) writeFileSync(join(h.path, 'auth.json'), JSON.stringify(authJson));
    const env = (home: string) => baseEnv(home, { HTTPS_PROXY: 'http://127.0.0.1:1', HTTP_PROXY: 'http://127.0.0.1:1', ...extra });
    const [official, ours] = await Promise.all([
      runOfficial(['login', 'status', ...args], { env: env(homes[0]!.path), timeoutMs: 30_000 }),
      runOurs(['login', 'status', ...args], { env: env(homes[1]!.path), timeoutMs: 30_000 }),
    ]);
    const theirs = official.stderr.trim();
    if (theirs !== ours.stderr.trim() || official.code !== ours.code) diffs.push(`${name}:\n  official ${official.code} ${theirs}\n  ours     ${ours.code} ${ours.stderr.trim()}`);
    // §1.7: nothing is written, whatever the outcome (beyond the auth.json the case put there).
    assert.deepEqual(readdirSync(homes[1]!.path).sort(), authJson ? ['auth.json'] : [], name);
    for (const h of homes) h.cleanup();
  }
  assert.deepEqual(diffs, []);
});
