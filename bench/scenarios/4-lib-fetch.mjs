// Library: manager.fetch() (credentials attached, refresh/401 handling armed) against a raw undici
// fetch sending the same request headers (Authorization, and ChatGPT-Account-ID for a ChatGPT
// login), both to a loopback node:http server. The ratio is what the manager costs per request.
import { createServer } from 'node:http';
import { closeManager, createManager, loadTransport, tokenOf } from '../lib/ours.mjs';
import { info, upperBound } from '../lib/result.mjs';
import { median, pairedRatio } from '../lib/stats.mjs';

export const title = 'Library: manager.fetch()';
export const figure = 'manager.fetch() / raw undici fetch';
export const target = '≤ 1.05×';

const PER_ROUND = 100;

/** net/'s default transport (lenient CA), or null when this commit has none. */
async function sharedTransport() {
  const createTransport = await loadTransport().catch(() => null);
  return createTransport ? createTransport({ env: { PATH: process.env.PATH ?? '', NO_PROXY: '127.0.0.1,localhost' }, strictCa: false, warn: () => {} }) : null;
}

export async function run(ctx) {
  const { fetch: rawFetch } = await import('undici');
  const home = ctx.homes.states(Math.floor(Date.now() / 1000)).chatgpt;
  const m = await createManager({ codexHome: home, env: { PATH: process.env.PATH ?? '', NO_PROXY: '127.0.0.1,localhost' } });
  const seen = { auth: 0, names: '' };
  const server = createServer((req, res) => {
    if (req.headers.authorization?.startsWith('Bearer ')) seen.auth++;
    seen.names = Object.keys(req.headers).sort().join(' ');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 });
    res.end('{"ok":true}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/v1/responses`;
  try {
    const token = tokenOf(await m.getAuth());
    // The headers the manager signs with (m.headers(), where this commit has it): one header more
    // on the raw side's request would be counted as the manager's cost (≈ 1–3 % here).
    const headers = typeof m.headers === 'function' ? await m.headers() : token ? { authorization: `Bearer ${token}` } : {};
    const viaManager = async () => {
      const r = await m.fetch(url);
      if (r.status !== 200) throw new Error(`manager.fetch answered ${r.status}`);
      await r.text();
    };
    const viaRaw = async () => {
      const r = await rawFetch(url, { headers });
      await r.text();
    };
    const round = async (fn) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < PER_ROUND; i++) await fn();
      return Number(process.hrtime.bigint() - t0) / 1e6 / PER_ROUND;
    };
    seen.auth = 0;
    await viaRaw();
    const rawNames = seen.names;
    await viaManager();
    if (seen.auth !== 2) throw new Error('manager.fetch() did not send an Authorization: Bearer header');
    if (seen.names !== rawNames) throw new Error(`the two requests differ: manager.fetch() sent headers ${seen.names}, the raw fetch ${rawNames}`);
    for (let w = 0; w < 3; w++) {
      await round(viaManager);
      await round(viaRaw);
    }
    const a = [];
    const b = [];
    const rounds = Math.max(10, ctx.runs);
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        a.push(await round(viaManager));
        b.push(await round(viaRaw));
      } else {
        b.push(await round(viaRaw));
        a.push(await round(viaManager));
      }
    }
    // The manager's per-request overhead, split: getAuth() (which fetch() calls) and the transport
    // (net/: CA and proxy policy) that every request goes through, measured the same way.
    const g0 = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) await m.getAuth();
    const getAuthUs = Number(process.hrtime.bigint() - g0) / 1e3 / 200;
    const overheadUs = (median(a) - median(b)) * 1000;
    let transportPart = '';
    const transport = await sharedTransport();
    if (transport) {
      try {
        const viaTransport = async () => {
          const r = await transport.fetch(url, { headers });
          await r.text();
        };
        await round(viaTransport);
        const t = [];
        const r2 = [];
        for (let i = 0; i < 10; i++) {
          t.push(await round(viaTransport));
          r2.push(await round(viaRaw));
        }
        transportPart = `; the transport alone (net/ createTransport().fetch, same header) costs ${((median(t) - median(r2)) * 1000).toFixed(0)} µs per request over raw undici (${pairedRatio(t, r2).toFixed(2)}×)`;
      } finally {
        await transport.close?.();
      }
    }
    return {
      notes: [
        `manager.fetch(): ${overheadUs.toFixed(0)} µs per request over a raw undici fetch; getAuth() alone costs ${getAuthUs.toFixed(0)} µs per call in the same process${transportPart}.`,
      ],
      figures: [
        upperBound(title, 'manager.fetch() / raw undici fetch (loopback, sequential)', pairedRatio(a, b), 1.05, {
          note: `median per request: ${(median(a) * 1000).toFixed(0)} µs vs ${(median(b) * 1000).toFixed(0)} µs; ${rounds} rounds × ${PER_ROUND} requests, alternating`,
        }),
        info(title, 'manager.fetch() requests/s (one caller)', `${Math.round(1000 / median(a)).toLocaleString('en-US')} req/s`),
      ],
    };
  } finally {
    await closeManager(m);
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
}
