// Sign-in: from the browser's callback request (`GET /auth/callback?code=..&state=..`) to the
// credentials saved (the flow answers the callback with its 302 to /success only after auth.json
// is written), as a ratio to one token round-trip against the same loopback token endpoint. In
// between: the code exchange, the API-key exchange (two token round-trips, like the official
// binary), the id_token checks and the atomic, fsync'ed save.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chatgptAuthJson, CLIENT_ID } from '../lib/fixtures.mjs';
import { loadSignIn } from '../lib/ours.mjs';
import { info } from '../lib/result.mjs';
import { median, pairedRatio, quantile } from '../lib/stats.mjs';
import { startTokenServer } from '../lib/token-server.mjs';

export const title = 'Sign-in';
export const figure = 'callback received → credentials saved';

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

async function tokenRoundTrip(fetch, server) {
  const t0 = process.hrtime.bigint();
  const r = await fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, code: 'bench-code', redirect_uri: 'http://127.0.0.1:1/auth/callback', code_verifier: 'v'.repeat(86) }),
  });
  await r.json();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function signInOnce(ctx, lib, server, fetch) {
  const home = ctx.homes.make('codex-auth-bench-signin-');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', CODEX_HOME: home, NO_PROXY: '127.0.0.1,localhost', BROWSER: 'none' };
  const transport = await lib.createTransport({ env, strictCa: true, warn: () => {} });
  const ac = new AbortController();
  let gotUrl;
  const urlP = new Promise((r) => (gotUrl = r));
  const login = lib.runBrowserLogin({
    env,
    now: () => Date.now(),
    stdout: sink(),
    stderr: sink(),
    issuer: server.url,
    clientId: CLIENT_ID,
    store: new lib.FileStore({ codexHome: home }),
    fetch: transport.fetch,
    signal: ac.signal,
    port: 0,
    fallbackPort: null,
    successGraceMs: 50,
    openUrl: async (u) => {
      gotUrl(u);
      return { kind: 'opened' };
    },
  });
  login.catch(() => {});
  try {
    const authorize = new URL(await Promise.race([urlP, login.then(() => { throw new Error('the flow ended before opening the browser'); })]));
    const callback = new URL(authorize.searchParams.get('redirect_uri'));
    callback.searchParams.set('code', 'bench-code');
    callback.searchParams.set('state', authorize.searchParams.get('state'));
    const t0 = process.hrtime.bigint();
    const r = await fetch(callback, { redirect: 'manual' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    await r.arrayBuffer();
    if (r.status !== 302) throw new Error(`the callback answered ${r.status}, not 302`);
    if (!existsSync(join(home, 'auth.json'))) throw new Error('no auth.json after the callback was answered');
    const success = await fetch(new URL(r.headers.get('location'), callback));
    await success.arrayBuffer();
    await login;
    return ms;
  } finally {
    ac.abort(new Error('bench done'));
    await transport.close?.();
  }
}

/** One FileStore.save of a sign-in's document into a fresh CODEX_HOME, in ms. */
async function saveOnce(ctx, lib) {
  const home = ctx.homes.make('codex-auth-bench-save-');
  const store = new lib.FileStore({ codexHome: home });
  const now = Math.floor(Date.now() / 1000);
  const doc = chatgptAuthJson({ nowSec: now, expSec: now + 3600 });
  const t0 = process.hrtime.bigint();
  await store.save(doc);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** A token round-trip through a transport created for it (as each sign-in does), in ms. */
async function freshTransportRoundTrip(ctx, lib, server) {
  const env = { PATH: process.env.PATH ?? '', NO_PROXY: '127.0.0.1,localhost' };
  const transport = await lib.createTransport({ env, strictCa: true, warn: () => {} });
  try {
    return await tokenRoundTrip(transport.fetch, server);
  } finally {
    await transport.close?.();
  }
}

export async function run(ctx) {
  const lib = await loadSignIn();
  const { fetch } = await import('undici');
  const server = await startTokenServer();
  try {
    for (let i = 0; i < 2; i++) {
      await signInOnce(ctx, lib, server, fetch);
      await tokenRoundTrip(fetch, server);
    }
    const signIns = [];
    const rtts = [];
    const saves = [];
    const freshRtts = [];
    for (let i = 0; i < ctx.runs; i++) {
      signIns.push(await signInOnce(ctx, lib, server, fetch));
      rtts.push(await tokenRoundTrip(fetch, server));
      saves.push(await saveOnce(ctx, lib));
      freshRtts.push(await freshTransportRoundTrip(ctx, lib, server));
    }
    const exchanges = server.log.length;
    return {
      figures: [
        info(title, 'one token round-trip (raw undici POST, loopback)', `${median(rtts).toFixed(2)} ms`),
        info(title, 'part: the save alone (FileStore.save: locks, temp file, fsync, rename)', `${median(saves).toFixed(1)} ms`, 'median, fresh CODEX_HOME each time'),
        info(title, 'part: one token round-trip on a new transport (new connection)', `${median(freshRtts).toFixed(1)} ms`, 'the flow creates its transport per sign-in'),
        info(title, 'callback received → credentials saved', `${pairedRatio(signIns, rtts).toFixed(2)}× one token round-trip`, `${median(signIns).toFixed(1)} ms median (p90 ${quantile(signIns, 0.9).toFixed(1)} ms); includes 2 token round-trips (code + API-key exchange, so ≥ 2×) and an fsync'ed atomic save. No numeric target in the issue`),
      ],
      notes: [`Sign-in: ${ctx.runs} sign-ins through runBrowserLogin (callback server on port 0, the bench acting as the browser), each a fresh CODEX_HOME; token endpoint = bench/lib/token-server.mjs; ${exchanges} token requests served. The official binary is not timed here: its browser flow only talks to https://auth.openai.com.`],
    };
  } finally {
    await server.close();
  }
}
