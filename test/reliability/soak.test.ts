// Soak (issue 6): one library process serves requests across >= 200 token generations from an
// issuer that hands out short-lived tokens; open file descriptors and heap stay flat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAuthManager } from '../../src/auth/create.js';
import { startIssuer } from '../../src/issuer/index.js';
import { FileStore } from '../../src/store/file-store.js';
import { chatgptDoc } from '../helpers/issuer.js';
import { withTempHome } from '../helpers/temp-home.js';

const GENERATIONS = 220;
const WARMUP = 20;
/** Allowed growth between the warm-up point and the end. */
const FD_TOLERANCE = 4;
const HEAP_TOLERANCE_BYTES = 8 * 1024 * 1024;

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

test(`soak: ${GENERATIONS} token generations in one process, fds and heap flat`, () =>
  withTempHome(async (home) => {
    // Tokens that live 120 s: under the 300 s proactive threshold, so every use wants a new one.
    const issuer = await startIssuer({ admin: true, accessTokenTtlSeconds: 120 });
    let seen = '';
    let served = 0;
    const backend = createServer((req, res) => {
      seen = String(req.headers.authorization ?? '');
      served++;
      res.end('ok');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', () => r()));
    const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/v1/ping`;
    try {
      const t = await issuer.admin.mintTokens({ account: 'dev@example.com' });
      await new FileStore({ codexHome: home }).save(chatgptDoc(t));
      const env = { CODEX_HOME: home, NO_PROXY: '127.0.0.1,localhost', CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token` };
      const manager = await createAuthManager({ env, codexHome: home, store: 'file' });
      const tokens = new Set<string>();
      let fdsAtWarmup = 0;
      let heapAtWarmup = 0;
      for (let g = 0; g < GENERATIONS; g++) {
        const info = await manager.refresh({ reason: 'forced' });
        assert.ok(info?.token, `generation ${g}: no token`);
        tokens.add(info.token);
        const res = await manager.fetch(backendUrl);
        assert.equal(res.status, 200);
        assert.equal(await res.text(), 'ok');
        assert.equal(seen, `Bearer ${info.token}`, `generation ${g}: the request did not carry the current token`);
        if (g === WARMUP) {
          fdsAtWarmup = openFds();
          heapAtWarmup = settledHeap();
        }
      }
      const fds = openFds();
      const heap = settledHeap();
      const family = issuer.admin.family(t.refresh_token);
      assert.ok(family.refreshCount >= GENERATIONS, `only ${family.refreshCount} refreshes reached the issuer`);
      assert.equal(tokens.size, GENERATIONS, 'every generation has its own access token');
      assert.equal(served, GENERATIONS);
      assert.ok(fds - fdsAtWarmup <= FD_TOLERANCE, `open fds grew from ${fdsAtWarmup} to ${fds}`);
      assert.ok(heap - heapAtWarmup <= HEAP_TOLERANCE_BYTES, `heap grew by ${((heap - heapAtWarmup) / 1048576).toFixed(1)} MiB`);
      process.stderr.write(`# soak: ${GENERATIONS} generations, fds ${fdsAtWarmup}→${fds}, heap ${(heapAtWarmup / 1048576).toFixed(1)}→${(heap / 1048576).toFixed(1)} MiB\n`);
    } finally {
      await new Promise((r) => backend.close(r));
      await issuer.close();
    }
  }));
