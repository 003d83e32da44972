import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import fc from 'fast-check';
import { errorPage, escapeHtml, orgSetupUrl, successPage } from '../../../src/login/browser/pages.js';
import { parsePastedCallback, startPasteReader } from '../../../src/login/browser/paste.js';
import { browserChoice, headlessReason, openBrowser } from '../../../src/login/browser/opener.js';
import { formatElapsed, startWaitIndicator } from '../../../src/login/browser/spinner.js';

test('escapeHtml escapes & < > " \' and nothing else', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  fc.assert(
    fc.property(fc.string(), (s) => {
      const e = escapeHtml(s);
      assert.doesNotMatch(e, /[<>"']/);
      assert.equal(e.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'), s);
    }),
  );
});

test('the error page escapes every dynamic field', () => {
  const evil = `<script>alert("x")</script>`;
  const html = errorPage({ errorCode: evil, message: evil, description: evil, title: evil, help: evil });
  assert.doesNotMatch(html, /<script>alert/);
  assert.equal(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;').length - 1, 5);
  assert.match(html, /<title>Codex Sign-in Error<\/title>/);
  const plain = errorPage({ errorCode: '', message: 'm' });
  assert.match(plain, /unknown_error/);
  assert.match(plain, /Return to Codex to retry/);
});

test('success page: plain, or an org-setup redirect only to the platform origins', () => {
  const plain = successPage({ needsSetup: false, platformUrl: 'https://platform.openai.com' });
  assert.match(plain, /Signed in to Codex/);
  assert.match(plain, /You may now close this page/);
  assert.doesNotMatch(plain, /<script>/);
  const setup = { needsSetup: true, platformUrl: 'https://platform.openai.com', idToken: 'a.b.c', orgId: 'org"<', projectId: 'p', planType: 'team' };
  const url = orgSetupUrl(setup);
  assert.equal(url, 'https://platform.openai.com/org-setup?p=team&t=a.b.c&with_org=org%22%3C&project_id=p');
  assert.match(successPage(setup), /org-setup/);
  assert.doesNotMatch(successPage(setup), /org"</);
  assert.equal(orgSetupUrl({ ...setup, platformUrl: 'https://evil.example' }), null);
});

test('parsePastedCallback takes the whole URL, a path, or a quoted URL, and nothing else', () => {
  const full = parsePastedCallback('  http://127.0.0.1:1455/auth/callback?code=abc&state=xyz \n');
  assert.equal(full?.get('code'), 'abc');
  assert.equal(full?.get('state'), 'xyz');
  assert.equal(parsePastedCallback('"http://localhost:1457/auth/callback?code=a&state=s"')?.get('code'), 'a');
  assert.equal(parsePastedCallback('/auth/callback?code=a&state=s')?.get('state'), 's');
  assert.equal(parsePastedCallback('https://auth.openai.com/oauth/authorize?state=s'), null);
  assert.equal(parsePastedCallback('http://127.0.0.1:1455/auth/callback?code=a'), null);
  assert.equal(parsePastedCallback('hello'), null);
  assert.equal(parsePastedCallback(''), null);
});

test('the paste reader submits callback lines and explains the others', async () => {
  const input = new PassThrough();
  const said: string[] = [];
  const submitted: string[] = [];
  const reader = startPasteReader({
    input,
    submit: async (p) => {
      submitted.push(String(p.get('code')));
      return p.get('state') === 'good' ? { kind: 'redirect', location: 'x' } : { kind: 'state_mismatch' };
    },
    say: { notACallback: () => said.push('not'), stateMismatch: () => said.push('mismatch'), alreadyUsed: () => said.push('used') },
  });
  input.write('garbage\n\nhttp://127.0.0.1:1/auth/callback?code=1&state=bad\nhttp://127.0.0.1:1/auth/callback?code=2&state=good\n');
  await new Promise((r) => setTimeout(r, 20));
  reader.stop();
  assert.deepEqual(submitted, ['1', '2']);
  assert.deepEqual(said, ['not', 'mismatch']);
});

const none = () => false;

test('headless detection: no display, SSH, container; display and WSL are not headless', () => {
  assert.equal(headlessReason({}, { platform: 'linux', exists: none }), 'no display');
  assert.equal(headlessReason({ SSH_CONNECTION: '1 2 3 4' }, { platform: 'linux', exists: none }), 'SSH session');
  assert.equal(headlessReason({ SSH_TTY: '/dev/pts/1' }, { platform: 'darwin', exists: none }), 'SSH session');
  assert.equal(headlessReason({}, { platform: 'linux', exists: (p) => p === '/.dockerenv' }), 'container');
  assert.equal(headlessReason({ container: 'podman' }, { platform: 'linux', exists: none }), 'container');
  assert.equal(headlessReason({ DISPLAY: ':0' }, { platform: 'linux', exists: none }), null);
  assert.equal(headlessReason({ WAYLAND_DISPLAY: 'wayland-0', SSH_CONNECTION: 'x' }, { platform: 'linux', exists: none }), null);
  assert.equal(headlessReason({ WSL_DISTRO_NAME: 'Ubuntu' }, { platform: 'linux', exists: none }), null);
  assert.equal(headlessReason({}, { platform: 'darwin', exists: none }), null);
  assert.equal(headlessReason({ DISPLAY: '' }, { platform: 'linux', exists: none }), 'no display');
});

test('BROWSER wins: none opens nothing, a command is used even when headless', async () => {
  assert.deepEqual(browserChoice({ BROWSER: 'none' }), { kind: 'none' });
  assert.deepEqual(browserChoice({ BROWSER: '/usr/bin/firefox' }), { kind: 'command', command: '/usr/bin/firefox' });
  assert.deepEqual(browserChoice({}), { kind: 'default' });
  const launched: Array<[string, string | undefined]> = [];
  const launch = async (u: string, c: string | undefined) => void launched.push([u, c]);
  assert.deepEqual(await openBrowser('http://x', { env: { BROWSER: 'none', DISPLAY: ':0' }, platform: 'linux', exists: none, launch }), { kind: 'browser_none' });
  assert.deepEqual(await openBrowser('http://x', { env: {}, platform: 'linux', exists: none, launch }), { kind: 'skipped', reason: 'no display' });
  assert.deepEqual(await openBrowser('http://x', { env: { BROWSER: 'rec' }, platform: 'linux', exists: none, launch }), { kind: 'opened' });
  assert.deepEqual(await openBrowser('http://y', { env: { DISPLAY: ':0' }, platform: 'linux', exists: none, launch }), { kind: 'opened' });
  assert.deepEqual(launched, [['http://x', 'rec'], ['http://y', undefined]]);
  const failing = async () => {
    throw new Error('no xdg-open');
  };
  assert.deepEqual(await openBrowser('http://z', { env: { DISPLAY: ':0' }, platform: 'linux', exists: none, launch: failing }), { kind: 'failed' });
});

class Sink extends Writable {
  data = '';
  isTTY: boolean;
  constructor(tty: boolean) {
    super();
    this.isTTY = tty;
  }
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.data += chunk.toString();
    cb();
  }
}

test('wait indicator: spinner with elapsed time on a TTY, plain lines otherwise', async () => {
  assert.equal(formatElapsed(0), '0:00');
  assert.equal(formatElapsed(61_500), '1:01');
  let now = 1_000;
  const tty = new Sink(true);
  const w = startWaitIndicator({ stream: tty, now: () => now, frameMs: 5 });
  now += 12_000;
  await new Promise((r) => setTimeout(r, 30));
  w.print('a line');
  w.stop();
  assert.match(tty.data, /\r\x1b\[2K⠋ Waiting for the sign-in to complete in the browser\.\.\. 0:00/);
  assert.match(tty.data, /0:12 \(Ctrl-C to cancel\)/);
  assert.match(tty.data, /\r\x1b\[2Ka line\n/);
  assert.ok(tty.data.endsWith('\r\x1b[2K'));
  const plain = new Sink(false);
  const p = startWaitIndicator({ stream: plain, now: () => now, plainEveryMs: 5 });
  now += 60_000;
  await new Promise((r) => setTimeout(r, 20));
  p.stop();
  assert.doesNotMatch(plain.data, /\r|\x1b/);
  assert.match(plain.data, /^Waiting for the sign-in to complete in the browser \(Ctrl-C to cancel\)\.\.\.\n/);
  assert.match(plain.data, /Still waiting for the sign-in \(1:00 elapsed\)\.\.\.\n/);
});
