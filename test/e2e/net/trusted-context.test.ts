// What the transport really trusts (issue 10): every TLS connection it opens — the direct
// node:https client, undici and ws — uses a context that holds Node's bundled roots AND the custom
// CA, never the custom CA alone. Checked on what reaches node:tls, not on TrustedRoots: every
// context built while the transport connects is recorded (its options, and the certificates added
// to its store), and each connection must succeed against a server only the custom CA vouches for.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from '../../../src/net/transport.js';
import { makePki, startEchoServer, type EchoServer, type Pki } from '../../helpers/net-fixtures.js';

type Tls = typeof import('node:tls');
interface Built {
  options: import('node:tls').SecureContextOptions | undefined;
  added: string[];
}

let dir: string;
let pki: Pki;
let server: EchoServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codex-auth-trusted-'));
  pki = makePki(dir);
  server = await startEchoServer(pki);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records every secure context built through node:tls while `fn` runs (what undici, ws and https reach). */
async function recordContexts(fn: () => Promise<void>): Promise<Built[]> {
  const tls = process.getBuiltinModule('node:tls') as Tls;
  const original = tls.createSecureContext;
  const built: Built[] = [];
  (tls as { createSecureContext: Tls['createSecureContext'] }).createSecureContext = (options) => {
    const context = original(options);
    const entry: Built = { options, added: [] };
    built.push(entry);
    const native = (context as unknown as { context?: { addCACert?: (pem: string) => void } }).context;
    if (native && typeof native.addCACert === 'function') {
      const add = native.addCACert.bind(native);
      native.addCACert = (pem: string) => {
        entry.added.push(pem);
        add(pem);
      };
    }
    return context;
  };
  try {
    await fn();
  } finally {
    (tls as { createSecureContext: Tls['createSecureContext'] }).createSecureContext = original;
  }
  return built;
}

/** True when a context built with these options keeps Node's bundled roots. */
function keepsNodeRoots(b: Built, roots: readonly string[]): boolean {
  const ca = b.options?.ca;
  if (ca === undefined) return true; // no `ca`: Node's default store
  const list = (Array.isArray(ca) ? ca : [ca]).map((c) => String(c).trim());
  return roots.every((r) => list.includes(r.trim()));
}

test('direct https, undici and wss all connect through a context holding Node roots plus the custom CA', async () => {
  const { rootCertificates } = process.getBuiltinModule('node:tls') as Tls;
  const custom = readFileSync(pki.caPem, 'utf8').trim();
  const url = `https://localhost:${server.port}/x`;
  const built = await recordContexts(async () => {
    const t = createTransport({ env: { CODEX_CA_CERTIFICATE: pki.caPem }, strictCa: true });
    try {
      // The direct client (a plain request).
      assert.equal((await t.fetch(url, { method: 'GET' })).status, 200);
      // undici (an init field the direct client does not take).
      assert.equal((await t.fetch(url, { method: 'GET', cache: 'no-store' } as RequestInit)).status, 200);
      // ws.
      const ws = await t.openWebSocket(`wss://localhost:${server.port}/socket`);
      ws.terminate();
    } finally {
      await t.close();
    }
  });
  assert.ok(built.length >= 1, 'the transport built no TLS context through node:tls');
  for (const b of built) {
    assert.ok(keepsNodeRoots(b, rootCertificates), `a TLS context was built without Node's bundled roots (ca: ${Array.isArray(b.options?.ca) ? b.options.ca.length : typeof b.options?.ca} certificates)`);
  }
  const holdsCustom = (b: Built) =>
    b.added.some((p) => p.trim() === custom) ||
    (b.options?.ca !== undefined && (Array.isArray(b.options.ca) ? b.options.ca : [b.options.ca]).some((c) => String(c).trim() === custom));
  assert.ok(built.some(holdsCustom), 'no TLS context the transport built holds the custom CA');
});
