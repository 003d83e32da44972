// The issuer's pages in headless Chromium: the sign-in page (allow, deny, no Codex entitlement,
// workspace choice) and the device page (allow, deny, wrong code, expired code).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningIssuer } from '../../../src/issuer/index.js';
import { CLIENT_ID, decodeJwt, pkce, postForm, postJson, startTestIssuer, exchangeDeviceCode } from '../../helpers/issuer.js';

let issuer: RunningIssuer;
let browser: Browser;
let callback: Server;
let callbackUri: string;
const received: URL[] = [];

before(async () => {
  callback = createServer((req, res) => {
    received.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>callback</title><h1>Back in the app</h1>');
  });
  await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
  callbackUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/auth/callback`;
  const { chromium } = await import('playwright-core');
  [issuer, browser] = await Promise.all([
    startTestIssuer({ redirectUris: [callbackUri] }),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
  ]);
});
after(async () => {
  await browser?.close();
  await issuer?.close();
  callback?.close();
});

async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

function authorizeUrl(challenge: string, extra: Record<string, string> = {}): string {
  const u = new URL(`${issuer.url}/oauth/authorize`);
  const params = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: callbackUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'browser-state',
    scope: 'openid profile email offline_access',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

describe('sign-in page', () => {
  it('allow: picking a workspace and continuing lands on the redirect URI with code and state', async () => {
    const { verifier, challenge } = pkce();
    const back = await withPage(async (page) => {
      await page.goto(authorizeUrl(challenge));
      assert.equal(await page.title(), 'Sign in to Codex');
      await page.getByLabel(/Beta · business/).check();
      await Promise.all([page.waitForURL(/\/auth\/callback/), page.getByRole('button', { name: 'Continue' }).click()]);
      return new URL(page.url());
    });
    assert.equal(back.searchParams.get('state'), 'browser-state');
    const code = back.searchParams.get('code')!;
    const tokens = await postForm(`${issuer.url}/oauth/token`, { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: callbackUri, code_verifier: verifier });
    assert.equal(tokens.status, 200);
    const auth = decodeJwt(tokens.body.id_token)['https://api.openai.com/auth'];
    assert.equal(auth.chatgpt_account_id, 'ws-team-beta');
    assert.equal(auth.chatgpt_plan_type, 'business');
  });

  it('deny: Cancel lands on the redirect URI with error=access_denied', async () => {
    const back = await withPage(async (page) => {
      await page.goto(authorizeUrl(pkce().challenge));
      await Promise.all([page.waitForURL(/\/auth\/callback/), page.getByRole('button', { name: 'Cancel' }).click()]);
      return new URL(page.url());
    });
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('code'), null);
    assert.equal(back.searchParams.get('state'), 'browser-state');
  });

  it('an account without Codex comes back with missing_codex_entitlement', async () => {
    const back = await withPage(async (page) => {
      await page.goto(authorizeUrl(pkce().challenge));
      await page.getByLabel(/nocodex@example\.com/).check();
      await Promise.all([page.waitForURL(/\/auth\/callback/), page.getByRole('button', { name: 'Continue' }).click()]);
      return new URL(page.url());
    });
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('error_description'), 'missing_codex_entitlement');
  });

  it('escapes what the request puts on the page', async () => {
    await withPage(async (page) => {
      const evil = `${callbackUri}`;
      await page.goto(authorizeUrl(pkce().challenge, { allowed_workspace_id: '<b id="x">ws-gov</b>', redirect_uri: evil }));
      assert.equal(await page.locator('#x').count(), 0);
      assert.match(await page.content(), /&lt;b id=/);
    });
  });
});

describe('device page', () => {
  async function startDevice() {
    const r = await postJson(`${issuer.url}/api/accounts/deviceauth/usercode`, { client_id: CLIENT_ID });
    return { id: r.body.device_auth_id as string, code: r.body.user_code as string };
  }
  const poll = (d: { id: string; code: string }) => postJson(`${issuer.url}/api/accounts/deviceauth/token`, { device_auth_id: d.id, user_code: d.code });

  async function enterCode(page: Page, code: string) {
    await page.goto(`${issuer.url}/codex/device`);
    await page.getByLabel('One-time code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('allow: the right code, an account, Approve; the poll then succeeds', async () => {
    const d = await startDevice();
    assert.equal((await poll(d)).status, 403);
    await withPage(async (page) => {
      await enterCode(page, d.code.toLowerCase());
      await page.getByLabel(/gov@example\.com/).check();
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('heading', { name: 'Signed in to Codex' }).waitFor();
    });
    const done = await poll(d);
    assert.equal(done.status, 200);
    const tokens = await exchangeDeviceCode(issuer.url, done.body);
    assert.equal(decodeJwt(tokens.body.id_token)['https://api.openai.com/auth'].chatgpt_account_id, 'ws-gov');
  });

  it('deny: the poll then fails with access_denied', async () => {
    const d = await startDevice();
    await withPage(async (page) => {
      await enterCode(page, d.code);
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByRole('heading', { name: 'Sign-in denied' }).waitFor();
    });
    const r = await poll(d);
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'access_denied');
  });

  it('a wrong code is refused on the page and nothing is approved', async () => {
    const d = await startDevice();
    await withPage(async (page) => {
      await enterCode(page, 'ZZZZ-ZZZZZ');
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /isn't valid/);
      assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
    });
    assert.equal((await poll(d)).status, 403);
  });

  it('an expired code is refused on the page', async () => {
    const d = await startDevice();
    assert.equal(issuer.admin.expireDeviceCodes(d.code), 1);
    await withPage(async (page) => {
      await enterCode(page, d.code);
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /expired/);
    });
    assert.equal((await poll(d)).body.error, 'expired_token');
  });
});
