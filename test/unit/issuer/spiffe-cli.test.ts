// `codex-auth issuer --spiffe-socket <path>`: the issuer also runs the SPIFFE test agent and a
// federation rule trusting it, so a SVID fetched from that socket exchanges for a token offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runIssuerCli } from '../../../src/issuer/index.js';
import { createExactClient } from '../../../src/net/exact-request.js';
import { exchangeAssertion } from '../../../src/workload/exchange.js';
import { fetchSvidAssertion } from '../../../src/workload/spiffe-source.js';
import { tempDir } from '../../helpers/run.js';

test('issuer --spiffe-socket: agent + rule printed on stderr; its SVID exchanges at /oauth/token', async () => {
  const dir = tempDir('codex-auth-wif-icli-');
  const socketPath = join(dir.path, 'agent.sock');
  const ac = new AbortController();
  let out = '';
  let err = '';
  const done = runIssuerCli({ argv: ['--spiffe-socket', socketPath], stdout: { write: (s) => (out += s) }, stderr: { write: (s) => (err += s) }, signal: ac.signal });
  try {
    while (!err.includes('Press Ctrl+C')) await new Promise((r) => setImmediate(r));
    const m = /SPIFFE_ENDPOINT_SOCKET=unix:\/\/(\S+) .*OPENAI_FEDERATION_RULE_ID=(fr_\w+)/.exec(err);
    assert.ok(m, err);
    assert.equal(m[1], socketPath);
    const svid = await fetchSvidAssertion({ socketPath, audience: 'https://auth.openai.com' });
    const token = await exchangeAssertion({ client: createExactClient({ env: {} }), config: { ruleId: m[2]!, tokenUrl: `${out.trim()}/oauth/token` }, assertion: svid });
    assert.equal(token.accountId, 'ws-dev-personal');
  } finally {
    ac.abort();
    assert.equal(await done, 0);
    dir.cleanup();
  }
});
