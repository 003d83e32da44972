// Interop with the official binary: we accept what its device sign-in against our embedded issuer
// writes (approved in Chromium), and it accepts what our device sign-in writes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { baseEnv, runOfficial, runOurs, tempDir, tempHomes } from '../../helpers/run.js';
import { launchChromium, readAuth, startOfficial, startOurs, type LiveRun } from '../../e2e/login/helpers.js';

let browser: Browser;
let issuer: RunningIssuer;
const homes = tempHomes('codex-auth-login-interop-');

before(async () => {
  browser = await launchChromium();
  issuer = await startIssuer({ deviceIntervalSeconds: 1 });
});
after(async () => {
  await browser?.close();
  await issuer?.close();
  homes.cleanup();
});

const home = homes.make;

const CODE = /one-time code[^\n]*\n {3}(?:\x1b\[94m)?([A-Z0-9-]+)/;

async function approve(run: LiveRun): Promise<void> {
  const [, userCode] = await run.waitFor(CODE, 'stdout', 30_000);
  const page = await browser.newPage();
  await page.goto(`${issuer.url}/codex/device`);
  await page.fill('#user_code', userCode!);
  await page.click('button[type=submit]');
  await page.click('button[name=decision][value=allow]');
  await page.waitForLoadState();
  await page.close();
}

test('official device sign-in against our issuer → codex-auth login status says ChatGPT', async () => {
  const h = home();
  const theirs = startOfficial(['login', '--device-auth', '--experimental_issuer', issuer.url], baseEnv(h));
  await approve(theirs);
  const r = await theirs.exit;
  assert.equal(r.code, 0, theirs.stderr());
  assert.equal(readAuth(h).auth_mode, 'chatgpt');
  const ours = await runOurs(['login', 'status'], { env: baseEnv(h) });
  assert.equal(ours.stderr, 'Logged in using ChatGPT\n');
  assert.equal(ours.code, 0);
});

test('our device sign-in (hidden --experimental_ spellings) → official login status says ChatGPT, same document shape', async () => {
  const h = home();
  const ours = startOurs(['login', '--device-auth', '--experimental_issuer', issuer.url, '--experimental_client-id', 'app_EMoamEEZ73f0CkXaXp7hrann'], baseEnv(h));
  await approve(ours);
  assert.equal((await ours.exit).code, 0, ours.stderr());
  const official = await runOfficial(['login', 'status'], { env: baseEnv(h) });
  assert.equal(official.stderr.trim(), 'Logged in using ChatGPT');
  assert.equal(official.code, 0);
  const doc = readAuth(h);
  assert.deepEqual(Object.keys(doc.tokens), ['id_token', 'access_token', 'refresh_token', 'oauth_provenance', 'login_owner_id', 'account_id']);
});
