// The whole SPIFFE path offline: the test agent (src/issuer/spiffe-agent.ts) issues JWT-SVIDs
// signed by its key, the embedded issuer trusts that key through a federation rule (subject
// pattern over SPIFFE IDs), and the library exchanges a fresh SVID for every exchange.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { createAuthManager } from '../../../src/index.js';
import { startIssuer, startSpiffeAgent, type RunningIssuer, type SpiffeAgent } from '../../../src/issuer/index.js';
import { tempDir } from '../../helpers/run.js';

const dir = tempDir('codex-auth-wif-sp-');
let issuer: RunningIssuer;
let agent: SpiffeAgent;
let ruleId: string;
before(async () => {
  issuer = await startIssuer({ admin: true });
  agent = await startSpiffeAgent({ socketPath: join(dir.path, 'agent.sock'), spiffeId: 'spiffe://example.org/ns/ci/sa/runner', issuer: 'https://oidc.example.org' });
  ruleId = issuer.admin.addFederationRule({
    issuer: 'https://oidc.example.org',
    jwks: agent.jwks(),
    audience: 'https://auth.openai.com',
    subject: 'spiffe://example.org/ns/ci/*',
    account: 'dev@example.com',
    ttlSeconds: 60,
  }).id;
});
after(async () => {
  await agent.close();
  await issuer.close();
  dir.cleanup();
});

it('getAuth() with the SPIFFE source: one SVID per exchange, the token accepted by the issuer, nothing written', async () => {
  const home = join(dir.path, 'home');
  (await import('node:fs')).mkdirSync(home);
  let clock = Date.now();
  const env = {
    CODEX_HOME: home,
    OPENAI_FEDERATION_RULE_ID: ruleId,
    OPENAI_IDENTITY_TOKEN_SOURCE: 'spiffe',
    SPIFFE_ENDPOINT_SOCKET: agent.endpoint,
    OPENAI_SPIFFE_AUDIENCE: 'https://auth.openai.com',
  };
  const auth = await createAuthManager({ env, now: () => clock, codexHome: home, store: 'file', policy: {}, workloadTokenUrl: `${issuer.url}/oauth/token` });
  const first = await auth.getAuth();
  assert.equal(first?.workloadSource, 'spiffe');
  assert.equal(agent.calls.length, 1);
  assert.deepEqual(agent.calls[0]!.request, { audience: ['https://auth.openai.com'] });
  assert.equal((await auth.fetch(`${issuer.url}/userinfo`)).status, 200);
  await auth.getAuth();
  assert.equal(agent.calls.length, 1, 'the token is reused while fresh');
  clock += 31_000; // lifetime 60 s: renewal due at 60 − min(120, 30) = 30 s
  const second = await auth.getAuth();
  assert.notEqual(second?.token, first?.token);
  assert.equal(agent.calls.length, 2, 'a new SVID for the renewal');
  assert.deepEqual(readdirSync(home), []);
  await auth.close();
});
