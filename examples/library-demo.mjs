// The library example of docs/library.md and the README, runnable offline against the embedded
// issuer:  npm install && node examples/library-demo.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthManager } from 'codex-auth';
import { startIssuer } from 'codex-auth/issuer';

const issuer = await startIssuer(); // http://127.0.0.1:<port>
const t = await issuer.admin.mintTokens({ account: 'dev@example.com' });
const home = mkdtempSync(join(tmpdir(), 'codex-home-'));
writeFileSync(
  join(home, 'auth.json'),
  JSON.stringify(
    {
      auth_mode: 'chatgpt',
      OPENAI_API_KEY: null,
      tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, account_id: t.account_id },
    },
    null,
    2,
  ),
);

const auth = await createAuthManager({
  codexHome: home,
  env: { ...process.env, NO_PROXY: '127.0.0.1', CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token` },
});
auth.on('refreshed', (e) => console.log('refreshed', e.reason, e.outcome, e.expiresAt?.toISOString()));
auth.on('loggedOut', (e) => console.log('logged out', e.removed));
const { token, ...info } = await auth.getAuth(); // never print the token itself
console.log(info); // mode 'chatgpt', account, plan, expiry
await auth.refresh(); // a forced refresh: rotates the refresh token, stores the result
const res = await auth.fetch(`${issuer.url}/userinfo`); // Bearer + ChatGPT-Account-ID added
console.log(res.status, await res.json());
await auth.logout(); // revoke at the issuer, then delete auth.json
await auth.close();
await issuer.close();
rmSync(home, { recursive: true, force: true });
