// Device-code sign-in end to end: `codex-auth login --device-auth` against the embedded issuer,
// approved (or denied) in headless Chromium on the issuer's /codex/device page.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { baseEnv, runOfficial, tempDir, tempHomes } from '../../helpers/run.js';
import { launchChromium, readAuth, startOurs, type LiveRun } from './helpers.js';

let browser: Browser;
let issuer: RunningIssuer;
const homes = tempHomes('codex-auth-device-e2e-');
const live: LiveRun[] = [];

before(async () => {
  browser = await launchChromium();
  issuer = await startIssuer({ admin: true, deviceIntervalSeconds: 1 });
});
afterEach(async () => {
  for (const r of live.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await r.exit;
  }
});
after(async () => {
  await browser?.close();
  await issuer?.close();
  homes.cleanup();
});

const home = homes.make;

function deviceLogin(h: string, env: Record<string, string | undefined> = {}): LiveRun {
  // A trailing slash on the issuer is trimmed everywhere (observed §2.2).
  const r = startOurs(['login', '--device-auth', '--issuer', `${issuer.url}/`], baseEnv(h, env));
  live.push(r);
  return r;
}

const CODE_LINE = /2\. Enter this one-time code \(expires in 15 minutes\)\n {3}(\S+)\n/;

async function answerOnDevicePage(userCode: string, decision: 'allow' | 'deny'): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${issuer.url}/codex/device`);
  await page.fill('#user_code', userCode);
  await page.click('button[type=submit]');
  await page.click(`button[name=decision][value=${decision}]`);
  await page.waitForLoadState();
  await page.close();
}

test('device code approved in Chromium: the prompt, auth.json as 0.169.0 writes it, official status agrees', async () => {
  const h = home();
  const run = deviceLogin(h, { NO_COLOR: undefined });
  const [, userCode] = await run.waitFor(CODE_LINE, 'stdout');
  // Not a TTY: no colour codes, the reference's words and layout.
  assert.equal(
    run.stdout(),
    `\nWelcome to Codex [v0.171.0]\nOpenAI's command-line coding agent\n\nFollow these steps to sign in with ChatGPT using device code authorization:\n\n` +
      `1. Open this link in your browser and sign in to your account\n   ${issuer.url}/codex/device\n\n` +
      `2. Enter this one-time code (expires in 15 minutes)\n   ${userCode}\n\n` +
      'Continue only if you started this login in Codex. If a website or another person gave you this code, cancel.\n\n',
  );
  await answerOnDevicePage(userCode!, 'allow');
  const r = await run.exit;
  assert.equal(r.code, 0, run.stderr());
  assert.equal(run.stderr(), 'Successfully logged in\n');
  const auth = readAuth(h);
  assert.equal(auth.auth_mode, 'chatgpt');
  assert.equal(auth.OPENAI_API_KEY, null, 'no API-key exchange in the device flow');
  assert.deepEqual(auth.tokens.oauth_provenance, { issuer: issuer.url, client_id: 'app_EMoamEEZ73f0CkXaXp7hrann' });
  assert.equal(auth.tokens.account_id, 'ws-dev-personal');
  const requests = issuer.admin.requests({ path: '/oauth/token' });
  assert.equal(requests.at(-1)?.body?.['redirect_uri'], `${issuer.url}/deviceauth/callback`);
  const official = await runOfficial(['login', 'status'], { env: baseEnv(h) });
  assert.equal(official.stderr.trim(), 'Logged in using ChatGPT');
});

test('denied on the device page: the poll fails, exit 1, the previous credentials stay', async () => {
  const h = home();
  const previous = { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-previous-1234567890' };
  writeFileSync(join(h, 'auth.json'), JSON.stringify(previous));
  const run = deviceLogin(h);
  const [, userCode] = await run.waitFor(CODE_LINE, 'stdout');
  await answerOnDevicePage(userCode!, 'deny');
  const r = await run.exit;
  assert.equal(r.code, 1);
  assert.equal(run.stderr(), 'Error logging in: device auth failed with status 400 Bad Request\n');
  assert.deepEqual(readAuth(h), previous);
});

test('Ctrl-C while polling: exit 130 at once, nothing written', async () => {
  const h = home();
  const run = deviceLogin(h);
  await run.waitFor(CODE_LINE, 'stdout');
  run.child.kill('SIGINT');
  const r = await run.exit;
  assert.equal(r.code, 130);
  assert.equal(run.stderr(), '');
  assert.equal(existsSync(join(h, 'auth.json')), false);
});

test('device sign-in: nothing is revoked when it starts; the replaced refresh token is revoked after it succeeded', async () => {
  const h = home();
  const old = await issuer.admin.mintTokens({ account: 'gov@example.com' });
  writeFileSync(
    join(h, 'auth.json'),
    JSON.stringify({
      auth_mode: 'chatgpt',
      OPENAI_API_KEY: null,
      tokens: { id_token: old.id_token, access_token: old.access_token, refresh_token: old.refresh_token, oauth_provenance: { issuer: issuer.url, client_id: 'app_EMoamEEZ73f0CkXaXp7hrann' }, account_id: 'ws-gov' },
      last_refresh: '2026-01-01T00:00:00.000000000Z',
    }),
  );
  issuer.admin.clearRequests();
  const run = deviceLogin(h);
  const [, userCode] = await run.waitFor(CODE_LINE, 'stdout');
  assert.deepEqual(issuer.admin.requests({ path: '/oauth/revoke' }), []);
  assert.equal(readAuth(h).tokens.account_id, 'ws-gov', 'still logged in while the sign-in is pending');
  await answerOnDevicePage(userCode!, 'allow');
  assert.equal((await run.exit).code, 0, run.stderr());
  assert.equal(issuer.admin.requests({ path: '/oauth/revoke' }).length, 1);
  assert.equal(issuer.admin.family(old.refresh_token).status, 'revoked');
  assert.equal(readAuth(h).tokens.account_id, 'ws-dev-personal');
});
