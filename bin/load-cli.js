'use strict';
// Loads the CLI's bundles like `require` would, but through V8's code cache (`<bundle>.cache`,
// written by `npm run build`): compiling a bundle and its functions is the largest start-up cost,
// and the cache skips most of it (docs/benchmarks.md, "Start-up"). It loads dist/cli/bundle.cjs
// (src/cli/main.ts), the whole CLI, when the quick path (dist/cli/quick.cjs, required directly by
// bin/codex-auth.js) declines. A missing or rejected cache (another Node version) only means a normal compile.
//
// The full bundle's dynamic `import()`s of lazy libraries are routed through `dynamicImport` (see
// scripts/bundle.mjs), because code compiled with vm.Script cannot use `import()` itself. The
// CommonJS libraries among them (COMMONJS) are required instead: a real `import()` would start
// Node's ESM loader and scan the package's source for its exports (cjs-module-lexer), which cost
// more than the refresh they serve in a fresh process (docs/benchmarks.md, "Cold network path").
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'cli', 'bundle.cjs');
const CACHE = `${BUNDLE}.cache`;
const HEAD = '(function (exports, require, module, __filename, __dirname, __codexAuthDynamicImport) {';
const TAIL = '\n})';

/** The code cache file of a bundle. */
function cacheOf(file) {
  return `${file}.cache`;
}

function compile(file, cachedData) {
  const source = HEAD + readFileSync(file, 'utf8') + TAIL;
  return new Script(source, { filename: file, cachedData });
}

/** Packages that are CommonJS (their `import()` namespace is `module.exports` plus `default`). */
const COMMONJS = new Set(['fs-ext', 'undici', 'ws', '@napi-rs/keyring']);

/**
 * What `import(specifier)` gives, for a CommonJS package without the ESM loader: an object whose
 * `default` is module.exports and whose other properties are module.exports' (read through the
 * prototype, so no getter of the package runs before it is used).
 */
function commonJsNamespace(exports) {
  const ns = Object.create(exports);
  Object.defineProperty(ns, 'default', { value: exports, enumerable: true });
  return ns;
}

function run(file, script) {
  const module = { exports: {} };
  const wrapper = script.runInThisContext();
  const req = createRequire(file);
  const dynamicImport = (specifier) =>
    COMMONJS.has(specifier) ? new Promise((resolve) => resolve(commonJsNamespace(req(specifier)))) : import(specifier);
  wrapper.call(module.exports, module.exports, req, module, file, dirname(file), dynamicImport);
  return module.exports;
}

/** A bundle's exports. Throws (ENOENT) when the bundle is missing. */
function load(file) {
  let cachedData;
  try {
    cachedData = readFileSync(cacheOf(file));
  } catch {
    cachedData = undefined;
  }
  return run(file, compile(file, cachedData));
}

/** The full CLI's exports ({ main }). */
function loadCli() {
  return load(BUNDLE);
}

/**
 * Build step: compiles a bundle, lets `warmUp(exports)` run commands so the functions they need
 * are compiled too, and writes the code cache. Resolves the cache's size in bytes.
 */
async function writeCodeCache(file, warmUp) {
  const script = compile(file, undefined);
  const exports = run(file, script);
  if (warmUp) await warmUp(exports);
  const data = script.createCachedData();
  writeFileSync(cacheOf(file), data);
  return data.length;
}

module.exports = { loadCli, writeCodeCache, BUNDLE, CACHE };
