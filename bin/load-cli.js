'use strict';
// Loads the CLI bundle (dist/cli/bundle.cjs) like `require` would, but through V8's code cache
// (dist/cli/bundle.cjs.cache, written by `npm run build`): compiling the bundle is the largest
// single cost of starting the CLI, and the cache skips most of it (docs/benchmarks.md,
// "Start-up"). A missing or rejected cache (another Node version) only means a normal compile.
//
// The bundle's dynamic `import()`s of lazy libraries are routed through `dynamicImport` (see
// scripts/bundle.mjs), because code compiled with vm.Script cannot use `import()` itself.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'cli', 'bundle.cjs');
const CACHE = `${BUNDLE}.cache`;
const HEAD = '(function (exports, require, module, __filename, __dirname, __codexAuthDynamicImport) {';
const TAIL = '\n})';

function compile(cachedData) {
  const source = HEAD + readFileSync(BUNDLE, 'utf8') + TAIL;
  return new Script(source, { filename: BUNDLE, cachedData });
}

function run(script) {
  const module = { exports: {} };
  const wrapper = script.runInThisContext();
  wrapper.call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE), (specifier) => import(specifier));
  return module.exports;
}

/** The bundle's exports ({ main }). Throws (ENOENT) when the bundle is missing. */
function loadCli() {
  let cachedData;
  try {
    cachedData = readFileSync(CACHE);
  } catch {
    cachedData = undefined;
  }
  return run(compile(cachedData));
}

/**
 * Build step: compiles the bundle, lets `warmUp(exports)` run a command so the functions it needs
 * are compiled too, and writes the code cache. Resolves the cache's size in bytes.
 */
async function writeCodeCache(warmUp) {
  const script = compile(undefined);
  const exports = run(script);
  if (warmUp) await warmUp(exports);
  const data = script.createCachedData();
  writeFileSync(CACHE, data);
  return data.length;
}

module.exports = { loadCli, writeCodeCache, BUNDLE, CACHE };
