#!/usr/bin/env node
// The demo's "browser": `codex-auth login` runs $BROWSER with the authorize URL as its only argument.
// With Debian's chromium installed, a real headless Chromium signs in on the issuer's page (first
// account, "Continue"); without it, the same form is submitted over plain HTTP (a headless approval).
import { existsSync } from 'node:fs';

const url = process.argv[2];
if (!url) {
  process.stderr.write('demo-browser: expected the authorize URL as the only argument\n');
  process.exit(2);
}

async function withChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/success/, { timeout: 15_000 });
    return `Chromium reached ${new URL(page.url()).pathname} — "${await page.title()}"`;
  } finally {
    await browser.close();
  }
}

async function withHttp() {
  const page = await (await fetch(url)).text();
  const txn = /name="txn" value="([^"]+)"/.exec(page)?.[1];
  const account = /name="account" value="([^"]+)"/.exec(page)?.[1];
  if (!txn || !account) throw new Error('the sign-in page has no account to choose');
  const decision = new URL('/oauth/authorize/decision', url);
  const body = new URLSearchParams({ txn, account: account.replace(/&#32;| /g, ' '), decision: 'allow' });
  const res = await fetch(decision, { method: 'POST', body, redirect: 'manual' });
  const callback = res.headers.get('location');
  if (!callback) throw new Error(`the issuer answered ${res.status} without a redirect`);
  const done = await fetch(callback); // the loopback callback, then /success
  return `HTTP approval reached the callback (${done.status})`;
}

try {
  // CODEX_AUTH_DEMO_APPROVAL=http forces the no-browser path (what a machine without chromium gets).
  const useChromium = process.env.CODEX_AUTH_DEMO_APPROVAL !== 'http' && existsSync('/usr/bin/chromium');
  const how = useChromium ? await withChromium() : await withHttp();
  process.stderr.write(`  [browser] ${how}\n`);
} catch (e) {
  process.stderr.write(`  [browser] sign-in failed: ${String(e?.message ?? e).split('\n')[0]}\n`);
  process.exit(1);
}
