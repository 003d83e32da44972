// A child process for test/reliability/crash.test.ts: loops over credential operations on one
// CODEX_HOME with the real library (dist/), reporting each on stdout, until it is killed.
//   node crash-worker.mjs refresher <home> <issuerUrl>   forced refreshes; 'p' on stdin pauses
//                                                         (answers `paused`), 'r' resumes
//   node crash-worker.mjs victim <home> <issuerUrl>      random login / refresh / logout
import { createAuthManager } from '../../dist/index.js';
import { FileStore } from '../../dist/store/file-store.js';

const [role, home, issuerUrl] = process.argv.slice(2);
const env = {
  CODEX_HOME: home,
  NO_PROXY: '127.0.0.1,localhost',
  CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuerUrl}/oauth/token`,
  CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuerUrl}/oauth/revoke`,
  // Lets the test tell from the issuer's request log which kind of process sent a refresh.
  CODEX_INTERNAL_ORIGINATOR_OVERRIDE: role,
};
const manager = await createAuthManager({ env, codexHome: home, store: 'file', requestTimeoutMs: 5_000, reuseGraceMs: 50, revokeTimeoutMs: 2_000 });
const say = (line) => process.stdout.write(`${line}\n`);

/** A new sign-in: the issuer starts a family (admin API), the tokens are committed like a login does. */
async function login() {
  const r = await fetch(`${issuerUrl}/admin/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"account":"dev@example.com"}' });
  const t = await r.json();
  await new FileStore({ codexHome: home }).save({
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, account_id: t.account_id },
    last_refresh: new Date().toISOString(),
  });
}

async function refresh() {
  try {
    await manager.refresh({ reason: 'forced' });
  } catch {
    // permanent/transient failures are expected after another process was killed mid-refresh
  }
}

let paused = false;
let resume = () => {};
process.stdin.setEncoding('utf8').on('data', (d) => {
  if (d.includes('p')) paused = true;
  if (d.includes('r')) {
    paused = false;
    resume();
  }
});

say('ready');
for (let n = 0; ; n++) {
  if (role === 'refresher') {
    if (paused) {
      say('paused');
      await new Promise((r) => (resume = r));
      continue;
    }
    await refresh();
    say('op refresh');
  } else {
    const op = ['login', 'refresh', 'logout'][Math.floor(Math.random() * 3)];
    if (op === 'login') await login();
    else if (op === 'refresh') await refresh();
    else await manager.logout().catch(() => {});
    say(`op ${op}`);
  }
}
