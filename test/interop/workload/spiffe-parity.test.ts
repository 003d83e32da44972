// The SPIFFE Workload API source (codex-0171-delta.md §2) side by side with the official 0.171.0
// binary: both ask the same test agent (src/issuer/spiffe-agent.ts, gRPC on a unix socket) and
// exchange at the same TLS stand-in for auth.openai.com. The agent sees the same request (one
// audience, trimmed, never split; spiffe_id only when set; `workload.spiffe.io: true`); every
// SVID rule and gRPC failure gives the same words and exit code; the exchange sends the SVID
// unchanged, byte for byte as the official one does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSpiffeAgent, type AgentBehaviour, type SpiffeAgent } from '../../../src/issuer/index.js';
import { baseEnv, runOfficial, runOurs, tempDir, type RunResult } from '../../helpers/run.js';
import { official0171 } from './official-0171.js';
import { exchangeReply, jwt, startStandIn, type StandIn } from './stand-in.js';

process.env.CODEX_AUTH_TEST_CODEX_BIN = official0171();

const dir = tempDir('codex-auth-wif-s-');
let standIn: StandIn;
let agent: SpiffeAgent;
const AUD = 'https://auth.openai.com';
before(async () => {
  standIn = await startStandIn(join(dir.path, 'pki'));
  standIn.reply({ status: 200, body: JSON.stringify(exchangeReply()) });
  agent = await startSpiffeAgent({ socketPath: join(dir.path, 'agent.sock'), spiffeId: 'spiffe://example.org/ns/ci/sa/runner' });
});
after(async () => {
  await agent.close();
  await standIn.close();
  dir.cleanup();
});

async function both(extra: Record<string, string | undefined>): Promise<{ official: RunResult; ours: RunResult }> {
  const homes = [tempDir('codex-auth-wif-h-'), tempDir('codex-auth-wif-h-')];
  const env = (h: string) =>
    baseEnv(h, { ...standIn.env, OPENAI_FEDERATION_RULE_ID: 'fr_s', OPENAI_IDENTITY_TOKEN_SOURCE: 'spiffe', SPIFFE_ENDPOINT_SOCKET: agent.endpoint, OPENAI_SPIFFE_AUDIENCE: AUD, ...extra });
  const official = await runOfficial(['login', 'status'], { env: env(homes[0]!.path), timeoutMs: 60_000 });
  const ours = await runOurs(['login', 'status'], { env: env(homes[1]!.path), timeoutMs: 60_000 });
  for (const h of homes) h.cleanup();
  return { official, ours };
}

test('the agent sees the same FetchJWTSVID request from both; the exchange sends the SVID unchanged, byte for byte', async () => {
  const fixed = await agent.mint([AUD]);
  const variants: Array<Record<string, string | undefined>> = [
    {},
    { OPENAI_SPIFFE_AUDIENCE: `  ${AUD} \t` },
    { OPENAI_SPIFFE_ID: 'spiffe://example.org/ns/ci/sa/runner' },
    { SPIFFE_ENDPOINT_SOCKET: `unix:${agent.socketPath}` },
  ];
  for (const v of variants) {
    agent.calls.length = 0;
    standIn.requests.length = 0;
    agent.behave({ kind: 'svids', svids: [{ spiffeId: 'spiffe://example.org/ns/ci/sa/runner', svid: fixed }] });
    const { official, ours } = await both(v);
    assert.equal(official.code, 0, official.stderr);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(agent.calls.length, 2);
    const [theirs, mine] = agent.calls;
    assert.deepEqual(mine!.request, theirs!.request);
    assert.deepEqual(mine!.securityHeader, ['true']);
    assert.deepEqual(theirs!.securityHeader, ['true']);
    assert.deepEqual(theirs!.request.audience, [AUD]);
    const [a, b] = standIn.requests;
    assert.deepEqual(b!.headers, a!.headers);
    assert.equal(b!.body.toString(), a!.body.toString());
    assert.equal(new URLSearchParams(a!.body.toString()).get('assertion'), fixed);
  }
  // A comma is not a list separator: one audience `a,x`.
  agent.calls.length = 0;
  agent.behave({ kind: 'normal' });
  await both({ OPENAI_SPIFFE_AUDIENCE: 'a,x' });
  assert.deepEqual(agent.calls.map((c) => c.request.audience), [['a,x'], ['a,x']]);
});

const svid = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'none' }): string => {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b(header)}.${b({ sub: 'spiffe://example.org/ns/ci/sa/runner', aud: AUD, ...claims })}.sig`;
};
const one = (s: string, spiffeId = 'spiffe://example.org/ns/ci/sa/runner'): AgentBehaviour => ({ kind: 'svids', svids: [{ spiffeId, svid: s }] });

test('every SVID rule and gRPC failure: `login status` = official 0.171.0 (words and exit code)', async () => {
  const rows: Array<[string, AgentBehaviour, Record<string, string>?]> = [
    ['one signed SVID', { kind: 'normal' }],
    ['no SVID', { kind: 'count', count: 0 }],
    ['two SVIDs', { kind: 'count', count: 2 }],
    ['two SVIDs with an explicit SPIFFE ID', { kind: 'count', count: 2 }, { OPENAI_SPIFFE_ID: 'spiffe://example.org/ns/ci/sa/runner' }],
    ['alg none, no exp', one(svid({}))],
    ['expired', one(svid({ exp: 1 }))],
    ['HS256 header', one(svid({}, { alg: 'HS256', typ: 'JWT' }))],
    ['aud array with the audience', one(svid({ aud: ['x', AUD] }))],
    ['aud without the audience', one(svid({ aud: 'https://other' }))],
    ['no aud', one(svid({ aud: undefined }))],
    ['sub with a trailing /', one(svid({ sub: 'spiffe://example.org/ns/' }))],
    ['sub not a SPIFFE ID', one(svid({ sub: 'workload' }))],
    ['no sub', one(svid({ sub: undefined }))],
    ['SPIFFE ID equal to sub', one(svid({})), { OPENAI_SPIFFE_ID: 'spiffe://example.org/ns/ci/sa/runner' }],
    ['SPIFFE ID other than sub', one(svid({})), { OPENAI_SPIFFE_ID: 'spiffe://example.org/ns/other' }],
    ['reply spiffe_id garbage is ignored', one(svid({}), '%%garbage')],
    ['not a JWT', one('hello world')],
    ['over 16 KiB', one(svid({ pad: 'x'.repeat(17_000) }))],
    ['gRPC 7', { kind: 'status', code: 7 }],
    ['gRPC 14', { kind: 'status', code: 14 }],
    ['gRPC 3', { kind: 'status', code: 3 }],
    ['gRPC 2', { kind: 'status', code: 2 }],
    ['gRPC 16', { kind: 'status', code: 16 }],
    ['no answer within 10 s', { kind: 'delay', ms: 12_000 }],
  ];
  const diffs: string[] = [];
  for (const [name, behaviour, env = {}] of rows) {
    agent.behave(behaviour);
    const { official, ours } = await both(env);
    if (official.stderr.trim() !== ours.stderr.trim() || official.code !== ours.code) {
      diffs.push(`${name}:\n  official ${official.code} ${official.stderr.trim()}\n  ours     ${ours.code} ${ours.stderr.trim()}`);
    }
  }
  agent.behave({ kind: 'normal' });
  assert.deepEqual(diffs, []);
});

test('a regular file in place of the socket, and no listener: unavailable, as the official says', async () => {
  const file = join(dir.path, 'plain-file');
  (await import('node:fs')).writeFileSync(file, jwt({}));
  for (const endpoint of [`unix://${file}`, `unix://${join(dir.path, 'nobody.sock')}`]) {
    const { official, ours } = await both({ SPIFFE_ENDPOINT_SOCKET: endpoint });
    assert.equal(ours.stderr.trim(), official.stderr.trim());
    assert.equal(ours.stderr.trim(), 'Error checking login status: the SPIFFE Workload API is unavailable or timed out');
    assert.equal(ours.code, official.code);
  }
});
