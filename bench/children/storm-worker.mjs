// Child of bench/scenarios/5-refresh-storm.mjs: one process of the storm. Creates a manager over
// the shared CODEX_HOME (whose access token has expired), reports ready, and on `go` fires C
// concurrent getAuth() calls; reports when the last one settled (process.hrtime is CLOCK_MONOTONIC,
// comparable across processes on one machine) and what each caller got.
//   node storm-worker.mjs <codexHome> <callers> <refreshUrl>
import { createManager, tokenOf } from '../lib/ours.mjs';

const [codexHome, callersArg, refreshUrl] = process.argv.slice(2);
const callers = Number(callersArg);
try {
  const m = await createManager({
    codexHome,
    env: { PATH: process.env.PATH ?? '', NO_PROXY: '127.0.0.1,localhost', CODEX_REFRESH_TOKEN_URL_OVERRIDE: refreshUrl },
  });
  process.on('message', async (msg) => {
    if (msg !== 'go') return;
    const results = await Promise.allSettled(Array.from({ length: callers }, () => m.getAuth()));
    const doneAt = process.hrtime.bigint().toString();
    const tokens = new Set();
    let failed = 0;
    let firstError = '';
    for (const r of results) {
      if (r.status === 'fulfilled' && tokenOf(r.value)) tokens.add(tokenOf(r.value));
      else {
        failed++;
        firstError ||= r.status === 'rejected' ? `${r.reason?.code ?? ''} ${String(r.reason?.message ?? r.reason).split('\n')[0]}` : 'no token';
      }
    }
    process.send({ doneAt, ok: callers - failed, failed, tokens: [...tokens], firstError }, () => process.exit(0));
  });
  process.send({ ready: true });
} catch (e) {
  process.send({ error: `${e?.name === 'NotAvailable' ? 'NotAvailable: ' : ''}${String(e?.message ?? e).split('\n')[0]}` }, () => process.exit(1));
}
