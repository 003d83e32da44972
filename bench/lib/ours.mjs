// The one place the benchmarks touch codex-auth's library API (dist/), so an API change means one
// edit here. Every entry point throws NotAvailable naming what is missing when this commit does not
// have it yet, and run.mjs reports that instead of failing.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NotAvailable } from './result.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// BENCH_DIST_DIR: another build to measure (e.g. a stand-in library, to check the harness itself).
const distDir = process.env.BENCH_DIST_DIR || join(repoRoot, 'dist');

async function importDist(rel) {
  const p = join(distDir, rel);
  if (!existsSync(p)) throw new NotAvailable(`dist/${rel} is not built on this commit`);
  return import(pathToFileURL(p).href);
}

/** The library's createAuthManager, or NotAvailable. */
export async function loadCreateAuthManager() {
  const lib = await importDist('index.js');
  if (typeof lib.createAuthManager !== 'function') {
    throw new NotAvailable(`dist/index.js does not export createAuthManager yet (exports: ${Object.keys(lib).join(', ') || 'none'})`);
  }
  return lib.createAuthManager;
}

/**
 * A manager over `codexHome` (file store) with `env` (e.g. CODEX_REFRESH_TOKEN_URL_OVERRIDE).
 */
export async function createManager({ codexHome, env }) {
  const createAuthManager = await loadCreateAuthManager();
  const m = await createAuthManager({ codexHome, env: { ...env, CODEX_HOME: codexHome }, store: 'file' });
  for (const fn of ['getAuth', 'fetch']) {
    if (typeof m?.[fn] !== 'function') throw new NotAvailable(`the AuthManager has no ${fn}() yet`);
  }
  return m;
}

/** The bearer token a getAuth() result carries (shape-tolerant), for checking who got what. */
export function tokenOf(auth) {
  if (!auth) return undefined;
  if (typeof auth === 'string') return auth;
  return auth.accessToken ?? auth.access_token ?? auth.token ?? auth.tokens?.access_token ?? auth.apiKey;
}

export async function closeManager(m) {
  if (typeof m?.close === 'function') await m.close();
}

/** startIssuer from dist/issuer, or NotAvailable. */
export async function loadStartIssuer() {
  const mod = await importDist('issuer/index.js');
  if (typeof mod.startIssuer !== 'function') throw new NotAvailable('dist/issuer/index.js does not export startIssuer yet');
  return mod.startIssuer;
}

/**
 * What the sign-in benchmark drives: the browser flow (login/browser/flow.js runBrowserLogin), the
 * file store (store FileStore) and the login-flow transport's fetch (net createTransport, strict CA).
 */
export async function loadSignIn() {
  const flow = await importDist('login/browser/flow.js');
  if (typeof flow.runBrowserLogin !== 'function') throw new NotAvailable('dist/login/browser/flow.js does not export runBrowserLogin yet');
  const store = await importDist('store/index.js');
  if (typeof store.FileStore !== 'function') throw new NotAvailable('dist/store/index.js does not export FileStore yet');
  return { runBrowserLogin: flow.runBrowserLogin, FileStore: store.FileStore, createTransport: await loadTransport() };
}

/** net's createTransport, or NotAvailable. */
export async function loadTransport() {
  const { createTransport } = await importDist('net/transport.js');
  if (typeof createTransport !== 'function') throw new NotAvailable('dist/net/transport.js does not export createTransport yet');
  return createTransport;
}
