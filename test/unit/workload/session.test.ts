// The workload identity session (src/workload/session.ts, codex-0171-delta.md §1.6) on an injected
// clock and a fake exchange client — no sockets, no sleeps: proactive renewal at
// lifetime − min(120 s, lifetime/2), the old token kept on a transient failure until
// lifetime − min(30 s, lifetime/4), permanent failures at once, one exchange for concurrent
// callers, 401 renewal that joins another caller's, the subject pinned, and the file re-read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExactClient, ExactRequest } from '../../../src/net/exact-request.js';
import { CodexAuthError } from '../../../src/errors.js';
import { renewalTimes } from '../../../src/workload/renewal.js';
import { WorkloadSession } from '../../../src/workload/session.js';
import { readAssertionFile } from '../../../src/workload/file-source.js';

function jwt(claims: object): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'none' })}.${b(claims)}.s`;
}

function reply(n: number, over: Record<string, unknown> = {}): Buffer {
  const user = (over['user_id'] as string | undefined) ?? 'user-1';
  return Buffer.from(
    JSON.stringify({
      access_token: jwt({ n, 'https://api.openai.com/auth': { chatgpt_user_id: user } }),
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 600,
      scope: 's',
      chatgpt_account_id: 'acct-1',
      chatgpt_account_user_id: 'cau-1',
      user_id: user,
      ...over,
    }),
  );
}

type Answer = { status: number; body?: Buffer } | 'unavailable';

/** A fake exchange client answering from a queue; `gate` holds answers until released. */
function fakeClient(answers: Answer[]): { client: ExactClient; sent: ExactRequest[]; release: () => void; hold: () => void } {
  const sent: ExactRequest[] = [];
  let gate: Promise<void> | undefined;
  let open: () => void = () => {};
  return {
    sent,
    hold: () => {
      gate = new Promise((r) => (open = r));
    },
    release: () => open(),
    client: async (req) => {
      sent.push(req);
      if (gate) await gate;
      const a = answers.shift() ?? { status: 500 };
      if (a === 'unavailable') throw new CodexAuthError('net.request', 'error sending request');
      return { status: a.status, headers: {}, body: a.body ?? Buffer.alloc(0) };
    },
  };
}

const config = { ruleId: 'fr_1', source: { kind: 'file' as const, path: '/unused' }, tokenUrl: 'https://auth.openai.com/oauth/token' };

function session(answers: Answer[], clock: { t: number }, assertion = async () => 'assertion') {
  const fake = fakeClient(answers);
  const s = new WorkloadSession({ config, now: () => clock.t, client: fake.client, assertion });
  return { s, ...fake };
}

test('renewal times: lifetime − min(120 s, L/2) and lifetime − min(30 s, L/4)', () => {
  assert.deepEqual(renewalTimes(0, 600), { softAt: 480_000, hardAt: 570_000 });
  assert.deepEqual(renewalTimes(0, 60), { softAt: 30_000, hardAt: 45_000 });
  assert.deepEqual(renewalTimes(1000, 1), { softAt: 1500, hardAt: 1750 });
  assert.deepEqual(renewalTimes(0, 3600), { softAt: 3_480_000, hardAt: 3_570_000 });
});

test('proactive renewal: the token is served until the soft point, then exchanged again', async () => {
  const clock = { t: 1_000_000 };
  const { s, sent } = session([{ status: 200, body: reply(1) }, { status: 200, body: reply(2) }], clock);
  const first = await s.token();
  assert.equal(sent.length, 1);
  assert.equal(first.expiresAt, 1_000_000 + 600_000);
  clock.t += 479_999;
  assert.equal((await s.token()).accessToken, first.accessToken);
  assert.equal(s.ready()?.accessToken, first.accessToken);
  assert.equal(sent.length, 1);
  clock.t += 1;
  assert.equal(s.ready(), undefined, 'a renewal is due: not ready');
  const second = await s.token();
  assert.notEqual(second.accessToken, first.accessToken);
  assert.equal(sent.length, 2);
});

test('a transient renewal failure keeps the old token until the hard deadline, then fails', async () => {
  const clock = { t: 0 };
  const { s, sent } = session([{ status: 200, body: reply(1) }, { status: 503 }, 'unavailable', { status: 429 }, { status: 408 }], clock);
  const first = await s.token();
  clock.t = 480_000; // soft point
  assert.equal((await s.token()).accessToken, first.accessToken, '503: old token kept');
  assert.equal(sent.length, 2);
  clock.t += 4_999;
  assert.equal((await s.token()).accessToken, first.accessToken, 'no new attempt within the retry pause');
  assert.equal(sent.length, 2);
  clock.t += 1;
  assert.equal((await s.token()).accessToken, first.accessToken, 'unavailable: old token kept');
  assert.equal(sent.length, 3);
  clock.t = 570_000; // hard deadline
  await assert.rejects(s.token(), { code: 'workload.renewal_unavailable', message: 'workload identity renewal temporarily unavailable; retry later' });
  clock.t += 10_000;
  await assert.rejects(s.token(), { code: 'workload.renewal_unavailable' });
});

test('a permanent renewal failure fails at once (old token not served); the first exchange reports its own error', async () => {
  const clock = { t: 0 };
  const { s } = session([{ status: 200, body: reply(1) }, { status: 400 }], clock);
  await s.token();
  clock.t = 480_000;
  await assert.rejects(s.token(), { message: 'the workload identity token exchange was rejected with HTTP 400' });
  const fresh = session([{ status: 503 }], { t: 0 });
  await assert.rejects(fresh.s.token(), { message: 'the workload identity token exchange was rejected with HTTP 503' });
});

test('single flight: concurrent callers share one exchange, first use and renewal alike', async () => {
  const clock = { t: 0 };
  const { s, sent, hold, release } = session([{ status: 200, body: reply(1) }, { status: 200, body: reply(2) }], clock);
  hold();
  const many = Array.from({ length: 20 }, () => s.token());
  await new Promise((r) => setImmediate(r));
  assert.equal(sent.length, 1);
  release();
  const got = await Promise.all(many);
  assert.equal(new Set(got.map((t) => t.accessToken)).size, 1);
  clock.t = 500_000;
  hold();
  const renewals = Array.from({ length: 20 }, () => s.token());
  await new Promise((r) => setImmediate(r));
  release();
  const renewed = await Promise.all(renewals);
  assert.equal(sent.length, 2);
  assert.equal(new Set(renewed.map((t) => t.accessToken)).size, 1);
});

test('401 renewal: renews the rejected token once; a caller holding an older token gets the new one without an exchange', async () => {
  const clock = { t: 0 };
  const { s, sent } = session([{ status: 200, body: reply(1) }, { status: 200, body: reply(2) }], clock);
  const first = await s.token();
  const [a, b] = await Promise.all([s.renewAfterUnauthorized(first.accessToken), s.renewAfterUnauthorized(first.accessToken)]);
  assert.equal(sent.length, 2);
  assert.equal(a.accessToken, b!.accessToken);
  assert.notEqual(a.accessToken, first.accessToken);
  assert.equal((await s.renewAfterUnauthorized(first.accessToken)).accessToken, a.accessToken);
  assert.equal(sent.length, 2);
});

test('the subject is pinned: a renewal for another user is an invalid response', async () => {
  const clock = { t: 0 };
  const { s } = session([{ status: 200, body: reply(1) }, { status: 200, body: reply(2, { user_id: 'user-2' }) }], clock);
  await s.token();
  clock.t = 500_000;
  await assert.rejects(s.token(), { message: 'the workload identity token exchange returned an invalid response' });
});

test('the file is read on every exchange (rotation is picked up); a missing file is transient', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-wif-'));
  const path = join(dir, 'token');
  writeFileSync(path, 'first\n');
  const clock = { t: 0 };
  const { s, sent } = session([{ status: 200, body: reply(1) }, { status: 200, body: reply(2) }, { status: 200, body: reply(3) }], clock, () => readAssertionFile(path));
  const first = await s.token();
  writeFileSync(path, 'second');
  clock.t = 500_000;
  await s.token();
  assert.deepEqual(sent.map((r) => new URLSearchParams(r.body!.toString()).get('assertion')), ['first', 'second']);
  rmSync(path);
  clock.t = 1_000_000; // soft point of the second token (obtained at 500 s)
  const kept = await s.token();
  assert.notEqual(kept.accessToken, first.accessToken, 'the second token is kept: a missing file is transient');
  assert.equal(sent.length, 2);
  rmSync(dir, { recursive: true });
});
