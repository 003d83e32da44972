// Child of bench/scenarios/3-lib-getauth.mjs, run under strace: warms a manager up (first getAuth
// reads auth.json and loads whatever it loads lazily), then brackets N more getAuth() calls with
// two marker syscalls the parent finds in the trace. Every file or network syscall between the
// markers is I/O done by getAuth on a valid token.
//   node getauth-loop.mjs <codexHome> <n>
import { accessSync } from 'node:fs';
import { createManager, tokenOf } from '../lib/ours.mjs';

const [codexHome, nArg] = process.argv.slice(2);
const n = Number(nArg);
const marker = (name) => {
  try {
    accessSync(`/codex-auth-bench-marker-${name}`);
  } catch {}
};
try {
  const m = await createManager({ codexHome, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/' } });
  const first = await m.getAuth();
  await m.getAuth();
  marker('begin');
  let last;
  for (let i = 0; i < n; i++) last = await m.getAuth();
  marker('end');
  process.stdout.write(JSON.stringify({ same: tokenOf(first) === tokenOf(last), token: tokenOf(last) ?? null }) + '\n');
  process.exit(0);
} catch (e) {
  process.stderr.write(`${e?.name === 'NotAvailable' ? 'NotAvailable' : 'Error'}: ${String(e?.message ?? e).split('\n')[0]}\n`);
  process.exit(3);
}
