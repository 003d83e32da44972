// Cold `codex-auth login status` vs the official `codex login status` vs `node -e 0`, for the
// three stored states users have: nothing, an API key, a ChatGPT login.
import { dirname } from 'node:path';
import { nodeFloor, official, ours, startupProfile, startupStages, timeScenario } from '../lib/cli.mjs';
import { info, upperBound } from '../lib/result.mjs';
import { median } from '../lib/stats.mjs';
import { cpuMs, perfAvailable } from '../lib/timer.mjs';

export const title = 'CLI: login status';
export const figure = 'cold login status';

const STATES = [
  { key: 'none', name: 'login status — no credentials', expect: { status: 1, stderr: /^Not logged in$/m } },
  { key: 'apikey', name: 'login status — API key', expect: { status: 0, stderr: /^API key configured - sk-proj-\*\*\*ABCDE$/m } },
  { key: 'chatgpt', name: 'login status — ChatGPT', expect: { status: 0, stderr: /^Logged in using ChatGPT$/m } },
];

export async function run(ctx) {
  const homes = ctx.homes.states(Math.floor(Date.now() / 1000));
  const timings = [];
  const figures = [];
  const notes = [];
  for (const st of STATES) {
    ctx.log(`  ${st.name}`);
    const home = homes[st.key];
    const { timing, ratio, get, cpuNote } = timeScenario(ctx, st.name, [
      { c: nodeFloor(ctx, home) },
      { c: official(ctx, home, ['login', 'status']), expect: st.expect },
      { c: ours(ctx, home, ['login', 'status']), expect: st.expect },
    ]);
    timings.push(timing);
    const o = timing.competitors.find((c) => c.label === 'ours');
    const na = o.na ? `not available: ${o.na}` : '';
    const vsNode = ratio('ours', 'node -e 0');
    const vsOfficial = ratio('ours', 'official');
    figures.push(upperBound(title, `${st.key}: ours / node -e 0`, vsNode, 1.15, { note: na || cpuNote('ours', 'node -e 0') }));
    if (st.key === 'chatgpt') {
      // "Faster than the official binary with a ChatGPT login".
      figures.push(upperBound(title, `${st.key}: ours / official`, vsOfficial, 1.0, { note: na || ['target: faster than the official binary', cpuNote('ours', 'official')].filter(Boolean).join('; ') }));
    } else {
      figures.push(info(title, `${st.key}: ours / official`, Number.isFinite(vsOfficial) ? `${vsOfficial.toFixed(2)}×` : '—', na || ['no target: without credentials the native binary starts below the Node floor', cpuNote('ours', 'official')].filter(Boolean).join('; ')));
    }
    const offRatio = ratio('official', 'node -e 0');
    if (Number.isFinite(offRatio)) figures.push(info(title, `${st.key}: official / node -e 0`, `${offRatio.toFixed(2)}×`, cpuNote('official', 'node -e 0')));
    const O = get('ours');
    const F = get('official');
    if (O && F) {
      figures.push(info(title, `${st.key}: peak RSS ours / official`, `${(O.rssKb / 1024).toFixed(1)} / ${(F.rssKb / 1024).toFixed(1)} MiB`));
    }
  }
  // Where the time goes (measured, not guessed): what each CLI opens and runs for a ChatGPT status.
  const ourCmd = { ...ours(ctx, homes.chatgpt, ['login', 'status']), repoRoot: dirname(dirname(ctx.ourBin)) };
  notes.push(`Startup profile, ours (\`codex-auth login status\`, ChatGPT; strace -f openat/execve): ${startupProfile(ourCmd)}.`);
  const stages = startupStages(ctx, homes.chatgpt, ['login', 'status']);
  if (stages) {
    const steps = stages.map((s, i) => (i === 0 ? `${s.label} ${s.cpuMs.toFixed(1)} ms` : `${s.label} ${s.cpuMs.toFixed(1)} ms (+${(s.cpuMs - stages[i - 1].cpuMs).toFixed(1)})`));
    notes.push(`Where ours spends its start-up (CPU ms, perf task-clock, median of 10, ChatGPT): ${steps.join(' → ')}. The budget for ≤ 1.15× is ${(stages[0].cpuMs * 0.15).toFixed(1)} ms over the floor; loading the entry is compiling the bundle bin/codex-auth.js requires first (the quick path, dist/cli/quick.cjs) and running its modules' top-level code; the last step is the command itself (CODEX_HOME resolution, config.toml, reading and checking auth.json, output). See docs/benchmarks.md "Start-up".`);
  }
  notes.push(`Startup profile, official (\`codex login status\`, ChatGPT): ${startupProfile(official(ctx, homes.chatgpt, ['login', 'status']))}. With ChatGPT credentials it builds its User-Agent by running \`lsb_release -a\` and \`getconf LONG_BIT\` (the programs listed): that is why its ChatGPT status is slower than its no-credentials status.`);
  // An environment fact that dwarfs every figure above when present: a machine-wide CA bundle.
  if (process.env.NODE_EXTRA_CA_CERTS && perfAvailable()) {
    const floor = nodeFloor(ctx, homes.none);
    const withCa = { ...floor, env: { ...floor.env, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } };
    const a = [];
    const b = [];
    for (let i = 0; i < 10; i++) {
      a.push(cpuMs(withCa));
      b.push(cpuMs(floor));
    }
    notes.push(`This machine sets NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS}: with it, \`node -e 0\` costs ${median(a).toFixed(1)} ms CPU instead of ${median(b).toFixed(1)} ms (every Node process parses the bundle at start-up). The bench runs without it; users who set it pay this for any Node CLI, ours included.`);
  }
  return { timings, figures, notes };
}
