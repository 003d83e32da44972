// Cold `codex-auth login status` vs the official `codex login status` vs `node -e 0`, for the
// three stored states users have: nothing, an API key, a ChatGPT login.
import { nodeFloor, official, ours, startupProfile, timeScenario } from '../lib/cli.mjs';
import { info, upperBound } from '../lib/result.mjs';

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
    const { timing, ratio, get } = timeScenario(ctx, st.name, [
      { c: nodeFloor(ctx, home) },
      { c: official(ctx, home, ['login', 'status']), expect: st.expect },
      { c: ours(ctx, home, ['login', 'status']), expect: st.expect },
    ]);
    timings.push(timing);
    const o = timing.competitors.find((c) => c.label === 'ours');
    const na = o.na ? `not available: ${o.na}` : '';
    const vsNode = ratio('ours', 'node -e 0');
    const vsOfficial = ratio('ours', 'official');
    figures.push({ ...upperBound(title, `${st.key}: ours / node -e 0`, vsNode, 1.15), ...(na && { note: na }) });
    if (st.key === 'chatgpt') {
      // "Faster than the official binary with a ChatGPT login".
      figures.push({ ...upperBound(title, `${st.key}: ours / official`, vsOfficial, 1.0, { note: 'target: faster than the official binary' }), ...(na && { note: na }) });
    } else {
      figures.push(info(title, `${st.key}: ours / official`, Number.isFinite(vsOfficial) ? `${vsOfficial.toFixed(2)}×` : '—', na || 'no target (a native binary without credentials starts below the Node floor)'));
    }
    const offRatio = ratio('official', 'node -e 0');
    if (Number.isFinite(offRatio)) figures.push(info(title, `${st.key}: official / node -e 0`, `${offRatio.toFixed(2)}×`));
    const O = get('ours');
    const F = get('official');
    if (O && F) {
      figures.push(info(title, `${st.key}: peak RSS ours / official`, `${(O.rssKb / 1024).toFixed(1)} / ${(F.rssKb / 1024).toFixed(1)} MiB`));
    }
  }
  // Where the time goes (measured, not guessed): what each CLI opens and runs for a ChatGPT status.
  const ourCmd = { ...ours(ctx, homes.chatgpt, ['login', 'status']), repoRoot: ctx.repoRoot };
  notes.push(`Startup profile, ours (\`codex-auth login status\`, ChatGPT; strace -f openat/execve): ${startupProfile(ourCmd)}.`);
  notes.push(`Startup profile, official (\`codex login status\`, ChatGPT): ${startupProfile(official(ctx, homes.chatgpt, ['login', 'status']))}. With ChatGPT credentials it builds its User-Agent by running \`lsb_release -a\` and \`getconf LONG_BIT\` (the programs listed): that is why its ChatGPT status is slower than its no-credentials status.`);
  return { timings, figures, notes };
}
