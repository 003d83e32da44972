// The workload identity exchange (codex-0171-delta.md §1.4–1.5, §1.7) side by side with the
// official 0.171.0 binary, through a loopback CONNECT proxy to a TLS stand-in for
// auth.openai.com trusted via CODEX_CA_CERTIFICATE: the request is the same byte for byte, every
// response rule gives the same words and exit code, and nothing is written to CODEX_HOME.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { baseEnv, runOfficial, runOurs, tempDir, type RunResult } from '../../helpers/run.js';
import { official0171 } from './official-0171.js';
import { exchangeReply, jwt, startStandIn, type StandIn, type StandInReply } from './stand-in.js';

process.env.CODEX_AUTH_TEST_CODEX_BIN = official0171();

const dir = tempDir('codex-auth-wif-x-');
let standIn: StandIn;
before(async () => {
  standIn = await startStandIn(join(dir.path, 'pki'));
});
after(async () => {
  await standIn.close();
  dir.cleanup();
});

const assertion = join(dir.path, 'assertion.jwt');
writeFileSync(assertion, `  ${jwt({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r:ref:refs/heads/main', aud: 'openai' })}\r\n`);

async function both(extra: Record<string, string | undefined>, args: string[] = ['login', 'status']): Promise<{ official: RunResult; ours: RunResult; homes: string[] }> {
  const homes = [tempDir('codex-auth-wif-h-'), tempDir('codex-auth-wif-h-')];
  const env = (h: string) => baseEnv(h, { ...standIn.env, OPENAI_FEDERATION_RULE_ID: 'fr_abc', OPENAI_IDENTITY_TOKEN_FILE: assertion, ...extra });
  // One after the other: the stand-in's request log is in order (official first).
  const official = await runOfficial(args, { env: env(homes[0]!.path), timeoutMs: 60_000 });
  const ours = await runOurs(args, { env: env(homes[1]!.path), timeoutMs: 60_000 });
  const listing = homes.map((h) => readdirSync(h.path).join(','));
  for (const h of homes) h.cleanup();
  return { official, ours, homes: listing };
}

test('the exchange request is the official one byte for byte (request line, header lines in order, form body)', async () => {
  standIn.reply({ status: 200, body: JSON.stringify(exchangeReply()) });
  const variants: Array<Record<string, string | undefined>> = [
    {},
    { OPENAI_WORKLOAD_IDENTITY_CONTEXT: '' },
    { OPENAI_FEDERATION_RULE_ID: '  fr_padded \t', OPENAI_WORKLOAD_IDENTITY_CONTEXT: ' {"run":"a b&c=d+é/~*"} ' },
    { OPENAI_WORKLOAD_IDENTITY_CONTEXT: 'x'.repeat(20_000) },
  ];
  for (const v of variants) {
    standIn.requests.length = 0;
    standIn.clearTunnels();
    const { official, ours } = await both(v);
    assert.equal(official.code, 0, `${JSON.stringify(v).slice(0, 80)}: ${official.stderr}`);
    assert.equal(ours.code, 0, ours.stderr);
    const [theirs, mine] = standIn.requests;
    assert.ok(theirs && mine, `two requests, got ${standIn.requests.length}`);
    assert.equal(mine.line, theirs.line);
    assert.deepEqual(mine.headers, theirs.headers);
    assert.equal(mine.body.toString('utf8'), theirs.body.toString('utf8'));
    // The spec's shape, so a change on both sides would still be seen.
    assert.equal(theirs.line, 'POST /oauth/token HTTP/1.1');
    assert.deepEqual(theirs.headers.map(([k]) => k.toLowerCase()).filter((k) => k !== 'content-length'), ['content-type', 'accept', 'accept-encoding', 'host']);
    assert.ok(theirs.body.toString().startsWith('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJ'));
    assert.deepEqual(standIn.tunnels, ['auth.openai.com:443', 'auth.openai.com:443']);
  }
});

const ok = exchangeReply();
const rows: Array<[string, StandInReply]> = [
  ['valid', { status: 200, body: JSON.stringify(ok) }],
  ['gzip-encoded valid reply', { status: 200, headers: { 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify(ok)) }],
  ['201 (accepted by 0.171.0, unlike the delta says)', { status: 201, body: JSON.stringify(ok) }],
  ['202 empty', { status: 202, body: '' }],
  ['204', { status: 204 }],
  ['302', { status: 302, headers: { location: 'https://auth.openai.com/elsewhere' }, body: JSON.stringify(ok) }],
  ...[400, 401, 403, 404, 408, 429, 500, 503].map((s): [string, StandInReply] => [`HTTP ${s}`, { status: s, body: '{"error":"invalid_grant","error_description":"secret detail"}' }]),
  ['not JSON', { status: 200, body: 'hello' }],
  ['JSON array', { status: 200, body: '[]' }],
  ['exactly 1 MiB', { status: 200, body: JSON.stringify(ok).padEnd(1024 * 1024, ' ') }],
  ['1 MiB + 1', { status: 200, body: JSON.stringify(ok).padEnd(1024 * 1024 + 1, ' ') }],
  ...['access_token', 'issued_token_type', 'token_type', 'expires_in', 'scope', 'chatgpt_account_id', 'chatgpt_account_user_id', 'user_id'].map(
    (k): [string, StandInReply] => [`missing ${k}`, { status: 200, body: JSON.stringify(exchangeReply({ [k]: undefined })) }],
  ),
  ...['access_token', 'scope', 'chatgpt_account_id', 'chatgpt_account_user_id', 'user_id'].map(
    (k): [string, StandInReply] => [`empty ${k}`, { status: 200, body: JSON.stringify(exchangeReply({ [k]: '' })) }],
  ),
  ['access token not a JWT', { status: 200, body: JSON.stringify(exchangeReply({ access_token: 'opaque' })) }],
  ['access token for another user', { status: 200, body: JSON.stringify(exchangeReply({ access_token: jwt({ 'https://api.openai.com/auth': { chatgpt_user_id: 'user-2' } }) })) }],
  ['access token with user_id only', { status: 200, body: JSON.stringify(exchangeReply({ access_token: jwt({ 'https://api.openai.com/auth': { user_id: 'user-1' } }) })) }],
  ['access token chatgpt_user_id wins over user_id', { status: 200, body: JSON.stringify(exchangeReply({ access_token: jwt({ 'https://api.openai.com/auth': { chatgpt_user_id: 'user-2', user_id: 'user-1' } }) })) }],
  ['expired access token JWT passes', { status: 200, body: JSON.stringify(exchangeReply({ access_token: jwt({ exp: 1, 'https://api.openai.com/auth': { chatgpt_user_id: 'user-1' } }) })) }],
  ['issued_token_type other', { status: 200, body: JSON.stringify(exchangeReply({ issued_token_type: 'urn:ietf:params:oauth:token-type:jwt' })) }],
  ['token_type bearer', { status: 200, body: JSON.stringify(exchangeReply({ token_type: 'bearer' })) }],
  ['token_type DPoP', { status: 200, body: JSON.stringify(exchangeReply({ token_type: 'DPoP' })) }],
  ...[0, -1, 3601, '600', 1, 3600, 60.5, null].map((v): [string, StandInReply] => [`expires_in ${JSON.stringify(v)}`, { status: 200, body: JSON.stringify(exchangeReply({ expires_in: v })) }]),
  ['plan type null', { status: 200, body: JSON.stringify(exchangeReply({ chatgpt_plan_type: null })) }],
  ['plan type absent, extra fields', { status: 200, body: JSON.stringify(exchangeReply({ chatgpt_plan_type: undefined, refresh_token: 'x', whatever: [1] })) }],
];

test('every response rule: `login status` says what the official 0.171.0 says, same exit code, nothing written', async () => {
  const diffs: string[] = [];
  for (const [name, reply] of rows) {
    standIn.reply(reply);
    const { official, ours, homes } = await both({});
    if (official.stderr.trim() !== ours.stderr.trim() || official.code !== ours.code) {
      diffs.push(`${name}:\n  official ${official.code} ${official.stderr.trim()}\n  ours     ${ours.code} ${ours.stderr.trim()}`);
    }
    assert.deepEqual(homes, ['', ''], `${name}: CODEX_HOME stays empty`);
    assert.ok(!ours.stderr.includes('secret detail'), 'the body is never shown');
  }
  assert.deepEqual(diffs, []);
});

test('policy after the exchange, TLS not trusted, and WIF beating stored credentials: ours = official', async () => {
  standIn.reply({ status: 200, body: JSON.stringify(ok) });
  const cases: Array<[string, Record<string, string | undefined>, string[]]> = [
    ['forced api', {}, ['login', 'status', '-c', 'forced_login_method=api']],
    ['forced chatgpt', {}, ['login', 'status', '-c', 'forced_login_method=chatgpt']],
    ['workspace mismatch', {}, ['login', 'status', '-c', 'forced_chatgpt_workspace_id=["ws-a","ws-b"]']],
    ['workspace match', {}, ['login', 'status', '-c', 'forced_chatgpt_workspace_id=acct-1']],
    ['CA not given: TLS fails', { CODEX_CA_CERTIFICATE: undefined }, ['login', 'status']],
    ['env keys present', { OPENAI_API_KEY: 'sk-a', CODEX_API_KEY: 'sk-b', CODEX_ACCESS_TOKEN: 'at-c' }, ['login', 'status']],
  ];
  const diffs: string[] = [];
  for (const [name, env, args] of cases) {
    const { official, ours } = await both(env, args);
    if (official.stderr.trim() !== ours.stderr.trim() || official.code !== ours.code) {
      diffs.push(`${name}:\n  official ${official.code} ${official.stderr.trim()}\n  ours     ${ours.code} ${ours.stderr.trim()}`);
    }
  }
  assert.deepEqual(diffs, []);
});

test('ours beyond the official CLI: `token` prints the exchanged token, `login status --json` reports mode and source', async () => {
  standIn.reply({ status: 200, body: JSON.stringify(ok) });
  const home = tempDir('codex-auth-wif-h-');
  const env = baseEnv(home.path, { ...standIn.env, OPENAI_FEDERATION_RULE_ID: 'fr_abc', OPENAI_IDENTITY_TOKEN_FILE: assertion });
  const token = await runOurs(['token'], { env });
  assert.equal(token.code, 0, token.stderr);
  assert.equal(token.stdout, `${ok['access_token'] as string}\n`);
  const tokenJson = JSON.parse((await runOurs(['token', '--json'], { env })).stdout) as Record<string, unknown>;
  assert.equal(tokenJson['account_id'], 'acct-1');
  assert.equal(tokenJson['plan_type'], 'pro');
  const status = await runOurs(['login', 'status', '--json'], { env });
  assert.equal(status.code, 0, status.stderr);
  const s = JSON.parse(status.stdout) as Record<string, unknown>;
  assert.equal(s['logged_in'], true);
  assert.equal(s['mode'], 'chatgptAuthTokens');
  assert.equal(s['source'], 'workload');
  assert.equal(s['workload_source'], 'file');
  assert.equal(s['account_id'], 'acct-1');
  // A broken configuration is an error for both, not "not logged in".
  const broken = await runOurs(['token'], { env: { ...env, OPENAI_FEDERATION_RULE_ID: ' ' } });
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /workload identity variable OPENAI_FEDERATION_RULE_ID is invalid\n$/);
  assert.deepEqual(readdirSync(home.path), []);
  home.cleanup();
});
