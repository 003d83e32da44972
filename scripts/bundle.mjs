// Bundles the CLI (src/cli/main.ts) into dist/cli/bundle.cjs, which bin/codex-auth.js runs, so a
// command starts by reading one file instead of resolving, opening and compiling dozens of ES
// modules, and the quick path (dist/cli/quick.cjs); then rewrites the library entry dist/index.js
// as one ES module for the same reason (bundleLibrary). `tsc` still builds dist/ for the types and
// `codex-auth/issuer`; this runs after it (`npm run build`). Why these choices (measured; see docs/benchmarks.md "Start-up"):
//
// - V8 code cache: dist/cli/bundle.cjs.cache, loaded by bin/load-cli.js (compiling the bundle is
//   the largest single start-up cost).
// - CommonJS, not ESM: starting Node on an ES module initialises the ESM loader, which costs more
//   CPU than the whole 15 % budget over `node -e 0`; a CommonJS bin + bundle does not pay it.
//   `await import()` of the lazy-loaded libraries stays a real dynamic import (allowed in CJS).
// - Next to dist/cli/main.js (same depth), so relative URLs in the code (`../../package.json`)
//   resolve the same; `import.meta.url` is defined as the bundle's own file URL.
// - Bundled: our code and the small libraries every command needs (commander, smol-toml).
// - Not bundled (external, loaded from node_modules when first used): the heavy or native libraries
//   that are lazy-loaded with `await import()` anyway (undici, ws, jose, @napi-rs/keyring, fs-ext,
//   open — which ships an xdg-open script next to itself — playwright-core, fzstd, needed only
//   when an auth reply arrives zstd-compressed, and @grpc/grpc-js for the SPIFFE Workload API).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable, Writable } from 'node:stream';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const EXTERNAL = ['undici', '@redis/client', 'ws', 'jose', '@napi-rs/keyring', 'fs-ext', 'open', 'playwright-core', 'bufferutil', 'utf-8-validate', 'fzstd', '@grpc/grpc-js'];
export const CLI_BUNDLE = 'dist/cli/bundle.cjs';
export const QUICK_BUNDLE = 'dist/cli/quick.cjs';

// bin/load-cli.js runs the bundle through vm.Script (for V8's code cache), where `import()` is not
// available: each dynamic import of an external library becomes a call of the loader's import
// function, with native `import()` as the fallback when the bundle is simply required.
const BANNER =
  "'use strict';\n" +
  "const __codexAuthBundleUrl = require('node:url').pathToFileURL(__filename).href;\n" +
  "const __codexAuthImport = typeof __codexAuthDynamicImport === 'function' ? __codexAuthDynamicImport : (s) => import(s);\n";

/**
 * Routes every `import("<package or node: builtin>")` left in the bundle (esbuild has inlined
 * everything it bundled, so what remains is external) through __codexAuthImport. Fails on a
 * relative or computed dynamic import, which the loader could not resolve like the original.
 */
export function routeDynamicImports(code) {
  const out = code.replace(/\bimport\((["'])([^"'./][^"']*)\1\)/g, (_m, q, spec) => `__codexAuthImport(${q}${spec}${q})`);
  const left = /\bimport\(\s*[^)]{0,60}/.exec(out);
  if (left) throw new Error(`a dynamic import the CLI bundle cannot route remains: ${left[0]} — bundle it or import a package`);
  return out;
}

/**
 * Our modules compute nothing at import time that another module relies on, so esbuild may drop
 * one whose exports the quick path never reaches even when it cannot prove that itself (a
 * `class … extends Error` looks like a side effect to it).
 */
const ourModulesArePure = {
  name: 'our-modules-are-pure',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.pure) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { pure: true } });
      return r.errors.length > 0 ? undefined : { ...r, sideEffects: false };
    });
  },
};

/**
 * The quick path (src/cli/quick.ts: `login status`, `token` in the common case) as its own small
 * bundle, which bin/codex-auth.js tries first. Every package stays external (smol-toml is
 * required only when there is a config.toml), so it holds just our code for those two answers.
 */
export async function bundleQuick() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/quick.ts'],
    outfile: QUICK_BUNDLE,
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Only createRequire() reads it, and a path serves as well as a file URL there.
    define: { 'import.meta.url': '__filename' },
    plugins: [ourModulesArePure],
    // Loaded with a plain require (no code cache: reading and deserialising one costs more than
    // compiling this little), so its size is its start-up cost: minified.
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text;
  if (/\bimport\(/.test(code)) throw new Error('the quick bundle must not import() anything: it runs synchronously');
  const out = join(root, QUICK_BUNDLE);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  // A smoke run on what it answers: nothing stored, an API key, ChatGPT tokens (with and without
  // a config.toml), for `login status`, `token` and `token --json`.
  const quick = requireHere(out);
  const homes = sampleHomes();
  try {
    for (const home of homes.paths) {
      for (const argv of [['login', 'status'], ['token'], ['token', '--json']]) {
        const code = quick.quick({ argv, env: { CODEX_HOME: home }, now: Date.now, homedir: () => home, toml: () => requireHere('smol-toml'), stdout: () => {}, stderr: () => {} });
        if (code === undefined) throw new Error(`the quick path declined a plain case (${argv.join(' ')} in ${home})`);
      }
    }
  } finally {
    homes.cleanup();
  }
  return code.length;
}

const requireHere = createRequire(import.meta.url);
const loader = () => requireHere('../bin/load-cli.js');

/** Temporary CODEX_HOMEs the quick path must answer for: empty, API key, ChatGPT, ChatGPT + config.toml. */
function sampleHomes() {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (claims) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.sig`;
  const now = Math.floor(Date.now() / 1000);
  const chatgpt = {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token: jwt({ email: 'warm@example.com', 'https://api.openai.com/auth': { chatgpt_plan_type: 'pro', chatgpt_user_id: 'u', chatgpt_account_id: 'a' } }),
      access_token: jwt({ exp: now + 86400, iat: now }),
      refresh_token: 'rt-warm-up',
      account_id: 'a',
    },
    last_refresh: new Date().toISOString(),
  };
  const files = [
    {},
    { 'auth.json': JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-warm-up-0123456789' }) },
    { 'auth.json': JSON.stringify(chatgpt) },
    { 'auth.json': JSON.stringify(chatgpt), 'config.toml': 'forced_login_method = "chatgpt"\n' },
  ];
  const paths = files.map((entries) => {
    const home = mkdtempSync(join(tmpdir(), 'codex-auth-build-'));
    for (const [name, text] of Object.entries(entries)) writeFileSync(join(home, name), text);
    return home;
  });
  return { paths, cleanup: () => paths.forEach((p) => rmSync(p, { recursive: true, force: true })) };
}

export async function bundleCli() {
  await bundleQuick();
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outfile: CLI_BUNDLE,
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    define: { 'import.meta.url': '__codexAuthBundleUrl' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const out = join(root, CLI_BUNDLE);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, BANNER + routeDynamicImports(result.outputFiles[0].text));
  // The code cache: compiled by this Node, the one that will run the CLI after `npm install`,
  // after running the hot commands once (`login status` and `token` on an empty CODEX_HOME: reads,
  // no writes), so the functions they run are in the cache too.
  const home = mkdtempSync(join(tmpdir(), 'codex-auth-build-'));
  try {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    await loader().writeCodeCache(out, async (cli) => {
      for (const argv of [['login', 'status'], ['token']]) {
        await cli.main({ argv, env: { CODEX_HOME: home }, stdin: Readable.from([]), stdout: sink, stderr: sink });
      }
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export const LIBRARY_ENTRY = 'dist/index.js';

/**
 * The library entry (`import 'codex-auth'`, package.json "exports"), rewritten after tsc as one ES
 * module holding our code: importing tsc's ≈ 100 modules one by one costs a fresh process more
 * than a Node start-up (the ESM loader resolves, reads, links and evaluates each), which a
 * script's first `manager.fetch()` pays (docs/benchmarks.md, "Cold network path": import 40 →
 * 13 ms CPU, createAuthManager 15 → 3 ms). Packages stay external and imported as before; our
 * lazy `import()`s become lazy initialisers inside the file. tsc's other files (and every .d.ts)
 * stay for the types and for `codex-auth/issuer`, which imports nothing of the client.
 */
export async function bundleLibrary() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    outfile: LIBRARY_ENTRY,
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeFileSync(join(root, LIBRARY_ENTRY), result.outputFiles[0].text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  Promise.all([bundleCli(), bundleLibrary()]).catch((e) => {
    process.stderr.write(`bundle: ${e.message}\n`);
    process.exit(1);
  });
}
