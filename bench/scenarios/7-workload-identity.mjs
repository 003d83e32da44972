// Workload identity (file source) against a local stand-in for auth.openai.com, reached the only
// way the official CLI allows (HTTPS_PROXY → CONNECT proxy → TLS stand-in, CODEX_CA_CERTIFICATE):
// cold `login status` ours vs official, cold `token`, and what the SPIFFE source costs on top
// (loading @grpc/grpc-js, one FetchJWTSVID call to the test agent). Each run does one exchange.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cliEnv } from '../lib/fixtures.mjs';
import { official, ours, timeScenario } from '../lib/cli.mjs';
import { info, NotAvailable } from '../lib/result.mjs';
import { summarize } from '../lib/stats.mjs';

export const title = 'CLI: workload identity';
export const figure = 'login status / token under workload identity';

function startBackend(ctx) {
  const child = spawn(ctx.nodeBin, [join(ctx.benchDir, 'children', 'wif-backend.mjs'), join(ctx.repoRoot, 'dist')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => resolve({ child, ...JSON.parse(line) }));
    child.once('exit', (code) => reject(new NotAvailable(`the stand-in exited (${code})`)));
  });
}

export async function run(ctx) {
  const backend = await startBackend(ctx);
  try {
    const home = ctx.homes.states(Math.floor(Date.now() / 1000)).none;
    const assertion = join(home, '..', `wif-bench-${process.pid}.jwt`);
    writeFileSync(assertion, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJiZW5jaCJ9.sig\n');
    const wif = { HTTPS_PROXY: backend.proxyUrl, NO_PROXY: '', CODEX_CA_CERTIFICATE: backend.caPem, OPENAI_FEDERATION_RULE_ID: 'fr_bench' };
    const file = { ...wif, OPENAI_IDENTITY_TOKEN_FILE: assertion };
    const spiffe = { ...wif, OPENAI_IDENTITY_TOKEN_SOURCE: 'spiffe', SPIFFE_ENDPOINT_SOCKET: backend.spiffeEndpoint, OPENAI_SPIFFE_AUDIENCE: 'https://auth.openai.com' };
    const withEnv = (c, env, label) => ({ ...c, label: label ?? c.label, env: cliEnv(home, env) });
    const status = { status: 0, stderr: /^Logged in using workload identity$/m };
    ctx.log('  login status — file source');
    const s = timeScenario(ctx, 'login status — workload identity (file)', [
      { c: withEnv(official(ctx, home, ['login', 'status']), file), expect: status },
      { c: withEnv(ours(ctx, home, ['login', 'status']), file), expect: status },
    ]);
    ctx.log('  token — file vs spiffe source');
    const tokenOut = { status: 0, stdout: /^eyJ/ };
    const t = timeScenario(ctx, 'token — workload identity, file vs SPIFFE source', [
      { c: withEnv(ours(ctx, home, ['token']), file, 'ours (file)'), expect: tokenOut },
      { c: withEnv(ours(ctx, home, ['token']), spiffe, 'ours (spiffe)'), expect: tokenOut },
    ]);
    const r = s.ratio('ours', 'official');
    const spiffeCost = t.ratio('ours (spiffe)', 'ours (file)');
    const O = t.get('ours (file)');
    const S = t.get('ours (spiffe)');
    const figures = [
      info(title, 'login status (file source): ours / official', Number.isFinite(r) ? `${r.toFixed(2)}×` : '—', 'both do one exchange (TLS through the CONNECT proxy) per run'),
      info(title, 'token: SPIFFE source / file source (ours)', Number.isFinite(spiffeCost) ? `${spiffeCost.toFixed(2)}×` : '—', 'the cost of loading @grpc/grpc-js and one FetchJWTSVID call'),
    ];
    if (O?.samples && S?.samples) figures.push(info(title, 'token median, file / SPIFFE source', `${summarize(O.samples).median.toFixed(0)} / ${summarize(S.samples).median.toFixed(0)} ms`));
    return { timings: [s.timing, t.timing], figures, notes: ['Workload identity: every run does one exchange at a loopback TLS stand-in for auth.openai.com through a CONNECT proxy (bench/children/wif-backend.mjs); the SPIFFE runs ask the test agent of src/issuer/spiffe-agent.ts.'] };
  } finally {
    backend.child.kill('SIGTERM');
  }
}
