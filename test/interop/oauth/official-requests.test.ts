// Our protocol steps send what the official 0.171.0 binary sends, and fail with its words:
// the same fake server answers both, and the captured requests / messages are compared.
// Every request of both carries 0.171's `accept-encoding: zstd,gzip` (codex-0171-delta.md §5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runOfficial, runOurs, tempDir } from '../../helpers/run.js';
import { always, fakeJwt, fakeServer, type Captured, type Handler } from '../../unit/oauth/fake-server.js';
import { defaultHeaders } from '../../../src/oauth/headers.js';
import { fetchPatMetadata } from '../../../src/oauth/whoami.js';
import { authapiBaseUrl, refreshTokenUrl } from '../../../src/oauth/urls.js';
import { refreshTokens } from '../../../src/oauth/refresh.js';
import { refreshClientId } from '../../../src/oauth/client-id.js';
import { requestUserCode } from '../../../src/oauth/device-usercode.js';
import { pollDeviceToken } from '../../../src/oauth/device-poll.js';
import { exchangeDeviceCode } from '../../../src/oauth/device-exchange.js';

const WHOAMI = '{"email":null,"chatgpt_user_id":"u","chatgpt_account_id":"a","chatgpt_plan_type":"pro","chatgpt_account_is_fedramp":false}';

test('whoami: our default headers equal the official User-Agent/originator/accept-encoding; 401 text is the same', async () => {
  const home = tempDir();
  const env = baseEnv(home.path, { TERM: 'xterm-256color' });
  for (const [status, body] of [[200, WHOAMI], [401, '']] as const) {
    const srv = await fakeServer(always(status, body));
    const runEnv = { ...env, CODEX_AUTHAPI_BASE_URL: `${srv.url}/api/accounts/` };
    const official = await runOfficial(['login', '--with-access-token'], { env: runEnv, stdin: 'at-interop-1' });
    const ours = await fetchPatMetadata({ fetch, authapiBaseUrl: authapiBaseUrl(runEnv), token: 'at-interop-1', headers: defaultHeaders({ env: runEnv }) }).then(
      () => 'ok',
      (e: Error) => e.message,
    );
    await srv.close();
    const [theirs, mine] = srv.requests as [Captured, Captured];
    assert.equal(mine.path, theirs.path);
    assert.equal(mine.headers['authorization'], theirs.headers['authorization']);
    assert.equal(mine.headers['originator'], theirs.headers['originator']);
    assert.equal(mine.headers['user-agent'], theirs.headers['user-agent']);
    assert.equal(theirs.headers['accept-encoding'], 'zstd,gzip');
    assert.equal(mine.headers['accept-encoding'], theirs.headers['accept-encoding']);
    if (status === 401) {
      assert.equal(official.code, 1);
      assert.ok(official.stderr.includes(`Error logging in with access token: ${ours}\n`), official.stderr);
    } else {
      assert.equal(official.code, 0, official.stderr);
      assert.equal(ours, 'ok');
    }
  }
  home.cleanup();
});

function deviceIssuer(idToken: string): Handler {
  return (req) => {
    if (req.path.endsWith('/usercode')) return { status: 200, body: '{"device_auth_id":"dev-1","user_code":"CODE-1","interval":"0"}' };
    if (req.path.endsWith('/deviceauth/token')) return { status: 200, body: '{"authorization_code":"ac-1","code_challenge":"ch","code_verifier":"cv-1"}' };
    if (req.path.endsWith('/oauth/token')) return { status: 200, body: JSON.stringify({ id_token: idToken, access_token: idToken, refresh_token: 'rt-1' }) };
    return { status: 404 };
  };
}

test('device flow: usercode, poll and exchange requests are byte-identical to the official ones', async () => {
  const home = tempDir();
  const idToken = fakeJwt({ exp: 4102444800, 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-1' } });
  const srv = await fakeServer(deviceIssuer(idToken));
  const official = await runOfficial(['login', '--device-auth', '--experimental_issuer', `${srv.url}/pfx/`], { env: baseEnv(home.path), timeoutMs: 20_000 });
  assert.equal(official.code, 0, official.stderr);
  const theirs = srv.requests.splice(0);
  const issuer = `${srv.url}/pfx/`;
  const code = await requestUserCode({ fetch, issuer });
  const polled = await pollDeviceToken({ fetch, issuer, deviceAuthId: code.deviceAuthId, userCode: code.userCode });
  assert.equal(polled.status, 'authorized');
  if (polled.status === 'authorized') {
    await exchangeDeviceCode({ fetch, issuer, authorizationCode: polled.authorizationCode, codeVerifier: polled.codeVerifier });
  }
  await srv.close();
  assert.deepEqual(
    srv.requests.map((r) => [r.method, r.path, r.headers['content-type'], r.headers['accept-encoding'], r.body]),
    theirs.map((r) => [r.method, r.path, r.headers['content-type'], r.headers['accept-encoding'], r.body]),
  );
  for (const r of theirs) assert.equal(r.headers['accept-encoding'], 'zstd,gzip');
  for (const r of theirs) assert.equal(r.headers['originator'], undefined);
  home.cleanup();
});

test('device flow failures: our messages are the official ones after `Error logging in: `', async () => {
  const rows: Handler[] = [
    always(404),
    always(500),
    always(200, 'hello'),
    always(200, '{"user_code":"x"}'),
    (req) => (req.path.endsWith('/usercode') ? { status: 200, body: '{"device_auth_id":"d","user_code":"u","interval":"0"}' } : { status: 401 }),
  ];
  for (const handler of rows) {
    const home = tempDir();
    const srv = await fakeServer(handler);
    const official = await runOfficial(['login', '--device-auth', '--experimental_issuer', srv.url], { env: baseEnv(home.path), timeoutMs: 20_000 });
    const ours = await (async () => {
      const code = await requestUserCode({ fetch, issuer: srv.url });
      await pollDeviceToken({ fetch, issuer: srv.url, deviceAuthId: code.deviceAuthId, userCode: code.userCode });
      return 'no error';
    })().catch((e: Error) => e.message);
    await srv.close();
    assert.equal(official.code, 1);
    assert.ok(official.stderr.includes(`Error logging in: ${ours}\n`), `${ours}\n---\n${official.stderr}`);
    home.cleanup();
  }
});

test('revoke on logout: our `logout` sends the request the official one sends (refresh token, then access token only)', async () => {
  const idToken = fakeJwt({ exp: 4102444800, 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-1' } });
  for (const refreshToken of ['rt-old', '']) {
    const home = tempDir();
    const srv = await fakeServer(always(200, '{}'));
    const tokens = { id_token: idToken, access_token: 'at-old', refresh_token: refreshToken, account_id: 'acct-1' };
    const doc = JSON.stringify({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens, last_refresh: '2026-11-28T12:00:00Z' });
    const env = baseEnv(home.path, { TERM: 'xterm', CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${srv.url}/oauth/token?unified=true` });
    writeFileSync(join(home.path, 'auth.json'), doc);
    const official = await runOfficial(['logout'], { env });
    assert.equal(official.code, 0, official.stderr);
    // The same stored login, logged out by our CLI (issue 10: this used to call oauth/revoke.ts
    // directly, so a logout that never revoked passed).
    writeFileSync(join(home.path, 'auth.json'), doc);
    const ours = await runOurs(['logout'], { env });
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stderr, official.stderr);
    assert.equal(existsSync(join(home.path, 'auth.json')), false);
    await srv.close();
    assert.equal(srv.requests.length, 2, 'one revoke each');
    const [theirs, mine] = srv.requests as [Captured, Captured];
    assert.equal(theirs.path, '/oauth/revoke');
    assert.equal(theirs.headers['accept-encoding'], 'zstd,gzip');
    for (const h of ['content-type', 'originator', 'user-agent', 'accept-encoding']) assert.equal(mine.headers[h], theirs.headers[h], h);
    assert.equal(mine.path, theirs.path);
    assert.equal(mine.body, theirs.body);
    home.cleanup();
  }
});

test('refresh (codex doctor, proactive): our request equals the official one — override URL and provenance cases', async () => {
  const now = Math.floor(Date.now() / 1000);
  const account = { 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-1' } };
  const fresh = JSON.stringify({ id_token: fakeJwt({ exp: now + 7200, ...account }), access_token: fakeJwt({ exp: now + 7200 }), refresh_token: 'rt-2' });
  for (const viaProvenance of [false, true]) {
    const home = tempDir();
    const srv = await fakeServer(always(200, fresh));
    const provenance = viaProvenance ? { issuer: `${srv.url}/`, client_id: 'custom-client' } : undefined;
    const tokens = { id_token: fakeJwt(account), access_token: fakeJwt({ exp: now + 60 }), refresh_token: 'rt-1', account_id: 'acct-1', ...(provenance ? { oauth_provenance: provenance } : {}) };
    writeFileSync(join(home.path, 'auth.json'), JSON.stringify({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens, last_refresh: '2026-11-28T12:00:00Z' }));
    // doctor also probes chatgpt.com: send that to a closed proxy port so nothing leaves the machine.
    const env = baseEnv(home.path, {
      TERM: 'xterm',
      HTTPS_PROXY: 'http://127.0.0.1:1',
      HTTP_PROXY: 'http://127.0.0.1:1',
      ...(viaProvenance ? {} : { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${srv.url}/oauth/token` }),
    });
    await runOfficial(['doctor'], { env, timeoutMs: 20_000 });
    const theirs = srv.requests.splice(0);
    assert.ok(theirs.length >= 1, 'the official binary refreshed');
    await refreshTokens({
      fetch,
      url: refreshTokenUrl(env, provenance?.issuer),
      clientId: refreshClientId(env, provenance?.client_id),
      refreshToken: 'rt-1',
      refreshReason: 'proactive_expiry',
      headers: defaultHeaders({ env }),
    });
    await srv.close();
    const mine = srv.requests[0]!;
    assert.equal(mine.path, theirs[0]!.path);
    assert.equal(mine.body, theirs[0]!.body);
    assert.equal(theirs[0]!.headers['accept-encoding'], 'zstd,gzip');
    for (const h of ['content-type', 'originator', 'user-agent', 'accept-encoding']) assert.equal(mine.headers[h], theirs[0]!.headers[h], h);
    home.cleanup();
  }
});
