// Every test that binds 127.0.0.1:1455/1457 lives in this one file, so no two run at once.
// Browser sign-in end to end: `codex-auth login` → headless Chromium on the embedded issuer's
// sign-in page → the loopback callback → the success (or error) page, and the CLI's exit.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { baseEnv, runOfficial, tempDir } from '../../helpers/run.js';
import { AUTHORIZE_URL, launchChromium, readAuth, startOurs, type LiveRun } from './helpers.js';

let browser: Browser;
let issuer: RunningIssuer;
const homes: Array<() => void> = [];
const live: LiveRun[] = [];

afterEach(async () => {
  for (const r of live.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await r.exit;
  }
});

before(async () => {
  browser = await launchChromium();
  issuer = await startIssuer({ admin: true });
});

after(async () => {
  await browser?.close();
  await issuer?.close();
  homes.forEach((c) => c());
});

function home(): string {
  const d = tempDir('codex-auth-login-e2e-');
  homes.push(d.cleanup);
  return d.path;
}

function login(codexHome: string, extraArgs: string[] = [], env: Record<string, string | undefined> = {}): LiveRun {
  const r = startOurs(['login', '--issuer', issuer.url, ...extraArgs], baseEnv(codexHome, env));
  live.push(r);
  return r;
}

async function signIn(page: Page, url: string, account?: RegExp): Promise<void> {
  await page.goto(url);
  if (account) await page.getByRole('radio', { name: account }).check();
  await page.click('button[name=decision][value=allow]');
}

test('sign-in through the issuer page: callback, success page, auth.json as 0.169.0 writes it, official status', async () => {
  const h = home();
  const run = login(h);
  const [, url] = await run.waitFor(AUTHORIZE_URL);
  assert.match(run.stderr(), /^Starting local login server on http:\/\/localhost:1455\.\nIf your browser did not open, navigate to this URL to authenticate:\n\nhttp/);
  assert.match(run.stderr(), /\n\nOn a remote or headless machine\? Use `codex login --device-auth` instead\.\n/);
  assert.match(run.stderr(), /No browser was opened \((no display|container)\)/);
  const u = new URL(url!);
  assert.deepEqual([...u.searchParams.keys()], [
    'response_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state', 'scope',
    'id_token_add_organizations', 'codex_cli_simplified_flow', 'originator',
  ]);
  assert.equal(u.searchParams.get('redirect_uri'), 'http://127.0.0.1:1455/auth/callback');
  assert.match(url!, /scope=openid\+profile\+email\+offline_access\+api\.connectors\.read\+api\.connectors\.invoke/);
  const page = await browser.newPage();
  await signIn(page, url!);
  await page.waitForURL(/127\.0\.0\.1:1455\/success/);
  assert.equal(await page.title(), 'Signed in to Codex');
  assert.match(await page.textContent('body') ?? '', /You may now close this page/);
  await page.close();
  const r = await run.exit;
  assert.equal(r.code, 0);
  assert.match(run.stderr(), /\nSuccessfully logged in\n$/);
  assert.equal(run.stdout(), '');
  const auth = readAuth(h);
  assert.deepEqual(Object.keys(auth), ['auth_mode', 'OPENAI_API_KEY', 'tokens', 'last_refresh']);
  assert.equal(auth.auth_mode, 'chatgpt');
  assert.match(String(auth.OPENAI_API_KEY), /^sk-/);
  assert.deepEqual(Object.keys(auth.tokens), ['id_token', 'access_token', 'refresh_token', 'oauth_provenance', 'login_owner_id', 'account_id']);
  assert.deepEqual(auth.tokens.oauth_provenance, { issuer: issuer.url, client_id: 'app_EMoamEEZ73f0CkXaXp7hrann' });
  assert.match(auth.tokens.login_owner_id, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(auth.tokens.account_id, 'ws-dev-personal');
  assert.match(auth.last_refresh, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  const official = await runOfficial(['login', 'status'], { env: baseEnv(h) });
  assert.equal(official.stderr.trim(), 'Logged in using ChatGPT');
  assert.equal(official.code, 0);
  // The port is free again.
  await new Promise<void>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(1455, '127.0.0.1', () => s.close(() => resolve()));
  });
});
