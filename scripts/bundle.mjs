// Bundles the CLI (src/cli/main.ts) into dist/cli/bundle.cjs, which bin/codex-auth.js runs, so a
// command starts by reading one file instead of resolving, opening and compiling dozens of ES
// modules. `tsc` still builds dist/ for the library and the types; this runs after it
// (`npm run build`). Why these choices (measured; see docs/benchmarks.md "Start-up"):
//
// - CommonJS, not ESM: starting Node on an ES module initialises the ESM loader, which costs more
//   CPU than the whole 15 % budget over `node -e 0`; a CommonJS bin + bundle does not pay it.
//   `await import()` of the lazy-loaded libraries stays a real dynamic import (allowed in CJS).
// - Next to dist/cli/main.js (same depth), so relative URLs in the code (`../../package.json`)
//   resolve the same; `import.meta.url` is defined as the bundle's own file URL.
// - Bundled: our code and the small libraries every command needs (commander, smol-toml).
// - Not bundled (external, loaded from node_modules when first used): the heavy or native libraries
//   that are lazy-loaded with `await import()` anyway (undici, ws, jose, @napi-rs/keyring, fs-ext,
//   open — which ships an xdg-open script next to itself — and playwright-core).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const EXTERNAL = ['undici', 'ws', 'jose', '@napi-rs/keyring', 'fs-ext', 'open', 'playwright-core', 'bufferutil', 'utf-8-validate'];
export const CLI_BUNDLE = 'dist/cli/bundle.cjs';

export async function bundleCli() {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outfile: CLI_BUNDLE,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    define: { 'import.meta.url': '__codexAuthBundleUrl' },
    banner: { js: "'use strict'; const __codexAuthBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bundleCli().catch((e) => {
    process.stderr.write(`bundle: ${e.message}\n`);
    process.exit(1);
  });
}
