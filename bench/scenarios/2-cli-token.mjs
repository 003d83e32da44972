// Cold `codex-auth token` with a valid ChatGPT access token (no network: the token is fresh).
// The official binary has no `token` command; its nearest equivalent, the command that loads the
// same ChatGPT credentials and exits, is `codex login status`, so that is the official reference.
import { nodeFloor, official, ours, startupStages, timeScenario, tracedCalls } from '../lib/cli.mjs';
import { exactly, info, upperBound } from '../lib/result.mjs';

export const title = 'CLI: token';
export const figure = 'cold codex-auth token';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function run(ctx) {
  const homes = ctx.homes.states(Math.floor(Date.now() / 1000));
  const token = homes.chatgptDoc.tokens.access_token;
  ctx.log('  token — valid ChatGPT token');
  const { timing, ratio, get, cpuNote } = timeScenario(ctx, 'token — valid ChatGPT token', [
    { c: nodeFloor(ctx, homes.chatgpt) },
    { c: official(ctx, homes.chatgpt, ['login', 'status']), expect: { status: 0, stderr: /^Logged in using ChatGPT$/m } },
    { c: ours(ctx, homes.chatgpt, ['token']), expect: { status: 0, stdout: new RegExp(`^${escapeRe(token)}\\n?$`) } },
  ]);
  const o = timing.competitors.find((c) => c.label === 'ours');
  const note = o.na ? `not available: ${o.na}` : '';
  const figures = [
    upperBound(title, 'ours / node -e 0', ratio('ours', 'node -e 0'), 1.15, { note: note || cpuNote('ours', 'node -e 0') }),
    upperBound(title, 'ours / official login status (ChatGPT)', ratio('ours', 'official'), 1.0, {
      note: note || ['the official CLI has no token command: compared with its ChatGPT `login status`', cpuNote('ours', 'official')].filter(Boolean).join('; '),
    }),
  ];
  const O = get('ours');
  const F = get('official');
  if (O && F) figures.push(info(title, 'peak RSS ours / official', `${(O.rssKb / 1024).toFixed(1)} / ${(F.rssKb / 1024).toFixed(1)} MiB`));
  if (O) {
    // "No network": the token is fresh, so `token` must not open a single inet socket.
    const calls = tracedCalls(ours(ctx, homes.chatgpt, ['token']), 'socket,connect,sendto');
    figures.push(exactly(title, 'network syscalls (socket/connect/sendto, strace -f)', calls.length, 0, { note: calls.slice(0, 2).join('; ') }));
  }
  const notes = [];
  if (O) {
    const stages = startupStages(ctx, homes.chatgpt, ['token']);
    if (stages) {
      const steps = stages.map((s, i) => (i === 0 ? `${s.label} ${s.cpuMs.toFixed(1)} ms` : `${s.label} ${s.cpuMs.toFixed(1)} ms (+${(s.cpuMs - stages[i - 1].cpuMs).toFixed(1)})`));
      notes.push(`Where \`codex-auth token\` spends its start-up (CPU ms, perf, median of 10): ${steps.join(' → ')}. The last step is the command on the quick path: config, reading and checking auth.json, decoding the access token's expiry (no refresh due) and the id_token's claims, output.`);
    }
  }
  return { timings: [timing], figures, notes };
}
