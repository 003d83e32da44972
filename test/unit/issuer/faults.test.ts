// Fault injection and the admin API over HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningIssuer } from '../../../src/issuer/index.js';
import { CLIENT_ID, startTestIssuer, postJson } from '../../helpers/issuer.js';

let issuer: RunningIssuer;
before(async () => {
  issuer = await startTestIssuer({ admin: true });
});
after(() => issuer.close());

const refreshBody = (t: string) => ({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: t });

describe('faults', () => {
  it('answers a fixed status and body, `times` times, then the real handler again', async () => {
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    issuer.admin.addFault({ path: '/oauth/token', status: 503, body: { error: 'temporarily_unavailable' }, times: 1 });
    const faulted = await postJson(`${issuer.url}/oauth/token`, refreshBody(minted.refresh_token));
    assert.equal(faulted.status, 503);
    assert.equal(faulted.body.error, 'temporarily_unavailable');
    assert.equal(issuer.admin.family(minted.family_id).refreshCount, 0, 'the faulted request did not reach the handler');
    const real = await postJson(`${issuer.url}/oauth/token`, refreshBody(minted.refresh_token));
    assert.equal(real.status, 200);
    assert.equal(issuer.admin.faults().length, 0);
  });

  it('matches on method and body fields', async () => {
    issuer.admin.addFault({ path: '/oauth/token', method: 'POST', match: { grant_type: 'refresh_token' }, status: 500, body: 'upstream exploded' });
    const minted = await issuer.admin.mintTokens({ account: 'dev@example.com' });
    const r = await postJson(`${issuer.url}/oauth/token`, refreshBody(minted.refresh_token));
    assert.equal(r.status, 500);
    assert.equal(r.text, 'upstream exploded');
    const other = await postJson(`${issuer.url}/oauth/token`, { grant_type: 'authorization_code', client_id: CLIENT_ID, code: 'x' });
    assert.equal(other.status, 400, 'another grant type is not matched');
    issuer.admin.clearFaults();
  });

  it('resets the connection', async () => {
    issuer.admin.addFault({ path: '/oauth/revoke', reset: true, times: 1 });
    await assert.rejects(fetch(`${issuer.url}/oauth/revoke`, { method: 'POST', body: '{"token":"x"}' }));
    const [entry] = issuer.admin.requests({ path: '/oauth/revoke' }).slice(-1);
    assert.equal(entry!.fault, 'reset');
  });

  it('answers malformed JSON', async () => {
    issuer.admin.addFault({ path: '/api/accounts/deviceauth/usercode', malformed: true, times: 1 });
    const r = await fetch(`${issuer.url}/api/accounts/deviceauth/usercode`, { method: 'POST', body: JSON.stringify({ client_id: CLIENT_ID }) });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /json/);
    await assert.rejects(r.json() as Promise<unknown>, SyntaxError);
  });

  it('delays, then lets the real handler answer', async () => {
    issuer.admin.addFault({ path: '/.well-known/jwks.json', delayMs: 50, times: 1 });
    const r = await fetch(`${issuer.url}/.well-known/jwks.json`);
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as any).keys.length, 1);
    assert.equal(issuer.admin.requests({ path: '/.well-known/jwks.json' }).slice(-1)[0]!.fault, 'delay 50ms');
  });

  it('hangs until the client gives up', async () => {
    issuer.admin.addFault({ path: '/userinfo', hang: true, times: 1 });
    const ac = new AbortController();
    const pending = fetch(`${issuer.url}/userinfo`, { signal: ac.signal });
    while (!issuer.admin.requests({ path: '/userinfo' }).some((e) => e.fault === 'hang')) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    await assert.rejects(pending, /abort/i);
  });

  it('rejects invalid fault specs with a clear message', () => {
    assert.throws(() => issuer.admin.addFault({ path: 'oauth/token' }), /starting with "\/"/);
    assert.throws(() => issuer.admin.addFault({ path: '/x', status: 42 }), /between 100 and 599/);
    assert.throws(() => issuer.admin.addFault({ path: '/x', reset: true, hang: true }), /only one of/);
    assert.throws(() => issuer.admin.addFault({ path: '/x', bogus: 1 } as never), /unknown fault field\(s\): bogus/);
  });
});

describe('admin API over HTTP', () => {
  it('mints tokens and PATs, reads the log, injects and clears faults', async () => {
    const minted = await postJson(`${issuer.url}/admin/tokens`, { account: 'dev@example.com', access_token_ttl: 120 });
    assert.equal(minted.status, 201);
    assert.match(minted.body.family_id, /^fam_/);
    const fam = (await (await fetch(`${issuer.url}/admin/families/${minted.body.family_id}`)).json()) as any;
    assert.equal(fam.status, 'active');
    assert.equal(fam.email, 'dev@example.com');
    const pat = await postJson(`${issuer.url}/admin/pats`, { account: 'dev@example.com' });
    assert.match(pat.body.token, /^at-/);
    const fault = await postJson(`${issuer.url}/admin/faults`, { path: '/oauth/token', status: 429, body: { error: 'slow_down' } });
    assert.equal(fault.status, 201);
    assert.equal((await postJson(`${issuer.url}/oauth/token`, {})).status, 429);
    assert.equal((await fetch(`${issuer.url}/admin/faults`, { method: 'DELETE' })).status, 200);
    assert.equal((await postJson(`${issuer.url}/oauth/token`, {})).status, 400);
    const log = (await (await fetch(`${issuer.url}/admin/requests?path=/oauth/token`)).json()) as any[];
    assert.ok(log.length >= 2);
    assert.ok(log.every((e) => e.path === '/oauth/token'));
    const revoked = await postJson(`${issuer.url}/admin/tokens/revoke`, { family_id: minted.body.family_id });
    assert.equal(revoked.status, 200);
    const bad = await postJson(`${issuer.url}/admin/tokens`, { account: 'nobody@example.com' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error_description, /unknown account/);
    const badFault = await postJson(`${issuer.url}/admin/faults`, { status: 500 });
    assert.equal(badFault.status, 400);
    assert.match(badFault.body.error_description, /needs "path"/);
  });

  it('is off unless enabled', async () => {
    const plain = await startTestIssuer();
    try {
      const r = await postJson(`${plain.url}/admin/tokens`, { account: 'dev@example.com' });
      assert.equal(r.status, 404);
      assert.match(r.body.error_description, /--admin/);
    } finally {
      await plain.close();
    }
  });
});

describe('admin API guards', () => {
  it('refuses a non-loopback Host header and non-JSON bodies', async () => {
    const { request } = await import('node:http');
    const port = new URL(issuer.url).port;
    const status = (headers: Record<string, string>, body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/admin/tokens', method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end(body);
      });
    const body = JSON.stringify({ account: 'dev@example.com' });
    assert.equal(await status({ host: 'evil.example:80', 'content-type': 'application/json' }, body), 403);
    assert.equal(await status({ host: `127.0.0.1:${port}`, 'content-type': 'text/plain' }, body), 415);
    assert.equal(await status({ host: `localhost:${port}`, 'content-type': 'application/json' }, body), 201);
  });
});
