import { test } from 'node:test';
import assert from 'node:assert/strict';
import { devicePrompt, useColour } from '../../../src/login/device/prompt.js';
import { pollDelayMs, pollUntilApproved, type PollAnswer } from '../../../src/login/device/poll.js';
import { chatgptAuthDoc, newLoginOwnerId, personalAccessTokenDoc, agentIdentityDoc } from '../../../src/login/auth-documents.js';
import { formatLastRefresh } from '../../../src/store/last-refresh.js';
import { replaceCredentials } from '../../../src/login/replace-credentials.js';
import type { AuthDotJson, CredentialStore } from '../../../src/store/types.js';
import { isCodexAuthError } from '../../../src/errors.js';

const ESC = '\x1b';

test('device prompt: the reference bytes with colour, plain text without', () => {
  const input = { version: '0.169.0', verificationUrl: 'http://127.0.0.1:9/codex/device', userCode: 'ABCD-1234' };
  const coloured = devicePrompt({ ...input, colour: true });
  assert.equal(
    coloured,
    `\nWelcome to Codex [v${ESC}[90m0.169.0${ESC}[0m]\n${ESC}[90mOpenAI's command-line coding agent${ESC}[0m\n\n` +
      'Follow these steps to sign in with ChatGPT using device code authorization:\n\n' +
      `1. Open this link in your browser and sign in to your account\n   ${ESC}[94mhttp://127.0.0.1:9/codex/device${ESC}[0m\n\n` +
      `2. Enter this one-time code ${ESC}[90m(expires in 15 minutes)${ESC}[0m\n   ${ESC}[94mABCD-1234${ESC}[0m\n\n` +
      `${ESC}[90mContinue only if you started this login in Codex. If a website or another person gave you this code, cancel.${ESC}[0m\n\n`,
  );
  const plain = devicePrompt({ ...input, colour: false });
  assert.equal(plain, coloured.replace(/\x1b\[\d+m/g, ''));
  assert.equal(useColour({}, true), true);
  assert.equal(useColour({ NO_COLOR: '1' }, true), false);
  assert.equal(useColour({}, false), false);
  assert.equal(useColour({}, undefined), false);
  assert.equal(useColour({ TERM: 'dumb' }, true), false);
});

test('poll delay: never under 1 s, never past the deadline', () => {
  assert.equal(pollDelayMs(0, 60_000), 1000);
  assert.equal(pollDelayMs(0.2, 60_000), 1000);
  assert.equal(pollDelayMs(5, 60_000), 5000);
  assert.equal(pollDelayMs(5, 1200), 1200);
});

test('poll loop: pending until approved, sleeping the interval (1 s minimum)', async () => {
  let now = 0;
  const sleeps: number[] = [];
  const answers: Array<PollAnswer<string>> = [{ pending: true }, { pending: true }, { pending: false, value: 'code' }];
  const got = await pollUntilApproved({
    pollOnce: async () => answers.shift()!,
    interval: 0,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  assert.equal(got, 'code');
  assert.deepEqual(sleeps, [1000, 1000]);
});

test('poll loop: 15-minute limit', async () => {
  let now = 0;
  let polls = 0;
  await assert.rejects(
    pollUntilApproved<string>({
      pollOnce: async () => {
        polls++;
        return { pending: true };
      },
      interval: 60,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    }),
    (e: unknown) => isCodexAuthError(e, 'oauth.device_timeout') && (e as Error).message === 'device auth timed out after 15 minutes',
  );
  assert.equal(polls, 16);
});

test('poll loop: an abort stops it at once with the abort reason', async () => {
  const ac = new AbortController();
  const p = pollUntilApproved<string>({ pollOnce: async () => ({ pending: true }), interval: 30, now: Date.now, signal: ac.signal });
  setTimeout(() => ac.abort(new Error('ctrl-c')), 20);
  await assert.rejects(p, /ctrl-c/);
});

test('persist: the ChatGPT document exactly as 0.169.0 writes it', () => {
  const doc = chatgptAuthDoc({
    idToken: 'i.d.t',
    accessToken: 'a.c.c',
    refreshToken: 'rt',
    apiKey: null,
    issuer: 'http://127.0.0.1:5555/',
    clientId: 'app_x',
    accountId: 'acct-1',
    nowMs: Date.UTC(2026, 10, 28, 12, 15, 49, 591),
    random: (n) => new Uint8Array(n).fill(7),
  });
  assert.equal(
    JSON.stringify(doc),
    JSON.stringify({
      auth_mode: 'chatgpt',
      OPENAI_API_KEY: null,
      tokens: {
        id_token: 'i.d.t',
        access_token: 'a.c.c',
        refresh_token: 'rt',
        oauth_provenance: { issuer: 'http://127.0.0.1:5555', client_id: 'app_x' },
        login_owner_id: Buffer.alloc(32, 7).toString('base64url'),
        account_id: 'acct-1',
      },
      last_refresh: '2026-11-28T12:15:49.591000000Z',
    }),
  );
  assert.match(formatLastRefresh(0), /^1970-01-01T00:00:00\.000000000Z$/);
  assert.match(newLoginOwnerId(), /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(newLoginOwnerId(), newLoginOwnerId());
  assert.deepEqual(personalAccessTokenDoc('at-1'), { OPENAI_API_KEY: null, personal_access_token: 'at-1' });
  assert.deepEqual(Object.keys(agentIdentityDoc('j.w.t')), ['auth_mode', 'OPENAI_API_KEY', 'agent_identity']);
});

function memoryStore(initial: AuthDotJson | null, log: string[]): CredentialStore {
  let doc = initial;
  return {
    kind: 'ephemeral',
    async load() {
      log.push('load');
      return doc;
    },
    async save(d) {
      log.push('save');
      doc = d;
    },
    async delete() {
      log.push('delete');
      const had = doc !== null;
      doc = null;
      return had;
    },
  };
}

const OLD: AuthDotJson = { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: 'a.b.c', access_token: 'x', refresh_token: 'rt-old' } };
const NEW: AuthDotJson = { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: 'a.b.c', access_token: 'y', refresh_token: 'rt-new' } };

test('replace credentials: save first, then revoke what was replaced (best effort)', async () => {
  const log: string[] = [];
  const store = memoryStore(OLD, log);
  const revoked: AuthDotJson[] = [];
  assert.equal(await replaceCredentials({ store, doc: NEW, revokePrevious: async (p) => void (revoked.push(p), log.push('revoke')) }), true);
  assert.deepEqual(log, ['load', 'save', 'revoke']);
  assert.deepEqual(revoked, [OLD]);
  assert.deepEqual(await store.load(), NEW);
});

test('replace credentials: a failing revoke does not fail the sign-in (the 10 s cap: auth/revoke.ts, test/unit/auth/logout.test.ts)', async () => {
  const store = memoryStore(OLD, []);
  assert.equal(await replaceCredentials({ store, doc: NEW, revokePrevious: async () => Promise.reject(new Error('500')) }), true);
  assert.deepEqual(await store.load(), NEW);
});

test('replace credentials: nothing to revoke when nothing was stored or the refresh token is the same', async () => {
  let calls = 0;
  const revokePrevious = async () => void calls++;
  assert.equal(await replaceCredentials({ store: memoryStore(null, []), doc: NEW, revokePrevious }), false);
  assert.equal(await replaceCredentials({ store: memoryStore(NEW, []), doc: NEW, revokePrevious }), false);
  const broken: CredentialStore = { ...memoryStore(null, []), load: async () => Promise.reject(new Error('malformed')) };
  assert.equal(await replaceCredentials({ store: broken, doc: NEW, revokePrevious }), false);
  assert.equal(calls, 0);
});

test('replace credentials: a failed save leaves the old credentials and revokes nothing', async () => {
  let calls = 0;
  const store: CredentialStore = { ...memoryStore(OLD, []), save: async () => Promise.reject(new Error('credential file is read-only')) };
  await assert.rejects(replaceCredentials({ store, doc: NEW, revokePrevious: async () => void calls++ }), /read-only/);
  assert.equal(calls, 0);
});
