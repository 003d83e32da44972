// The CLI ships as one CommonJS bundle (scripts/bundle.mjs) with a V8 code cache, run by a CommonJS
// bin: starting it must not initialise Node's ESM loader (docs/benchmarks.md, "Start-up"). These
// checks pin that wiring.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { Script } from 'node:vm';
import { repoRoot } from '../../helpers/run.js';

const require = createRequire(import.meta.url);

test('bin/ is a CommonJS scope and bin/codex-auth.js loads the bundle through bin/load-cli.js', () => {
  const scope = JSON.parse(readFileSync(join(repoRoot, 'bin', 'package.json'), 'utf8')) as { type?: string };
  assert.equal(scope.type, 'commonjs');
  const bin = readFileSync(join(repoRoot, 'bin', 'codex-auth.js'), 'utf8');
  assert.match(bin, /require\('\.\/load-cli\.js'\)\.loadCli\(\)/);
  assert.doesNotMatch(bin, /^\s*import\s/m);
  const loader = require(join(repoRoot, 'bin', 'load-cli.js')) as { BUNDLE: string };
  assert.equal(loader.BUNDLE, join(repoRoot, 'dist', 'cli', 'bundle.cjs'));
});

test('the code cache the build wrote is accepted by this Node', () => {
  const loader = require(join(repoRoot, 'bin', 'load-cli.js')) as { BUNDLE: string; CACHE: string };
  const source = readFileSync(join(repoRoot, 'bin', 'load-cli.js'), 'utf8');
  const head = /const HEAD = '([^']+)';/.exec(source)?.[1];
  assert.ok(head, 'HEAD not found in bin/load-cli.js');
  const script = new Script(`${head}${readFileSync(loader.BUNDLE, 'utf8')}\n})`, { filename: loader.BUNDLE, cachedData: readFileSync(loader.CACHE) });
  assert.equal(script.cachedDataRejected, false);
});

test('dynamic imports of external libraries are routed through the loader; anything else fails the build', async () => {
  const bundlePath: string = join(repoRoot, 'scripts', 'bundle.mjs');
  const { routeDynamicImports } = (await import(bundlePath)) as { routeDynamicImports: (code: string) => string };
  assert.equal(
    routeDynamicImports('a(); await import("undici"); import(\'ws\'); import("node:fs/promises");'),
    'a(); await __codexAuthImport("undici"); __codexAuthImport(\'ws\'); __codexAuthImport("node:fs/promises");',
  );
  assert.throws(() => routeDynamicImports('await import("./elsewhere.js")'), /cannot route remains: import\("\.\/elsewhere\.js"/);
  assert.throws(() => routeDynamicImports('await import(name)'), /cannot route remains: import\(name/);
  const bundle = readFileSync(join(repoRoot, 'dist', 'cli', 'bundle.cjs'), 'utf8');
  const body = bundle.slice(bundle.indexOf('\n', bundle.indexOf('__codexAuthImport =')));
  assert.doesNotMatch(body, /\bimport\(/);
});

test('the build produced dist/cli/bundle.cjs exporting main, next to dist/cli/main.js', () => {
  const bundle = join(repoRoot, 'dist', 'cli', 'bundle.cjs');
  assert.ok(existsSync(bundle), 'run `npm run build`');
  const mod = require(bundle) as { main?: unknown };
  assert.equal(typeof mod.main, 'function');
});

test('the bundle keeps the lazy libraries external (loaded only when a command needs them)', () => {
  const src = readFileSync(join(repoRoot, 'dist', 'cli', 'bundle.cjs'), 'utf8');
  // Their code is not inside the bundle: undici's, ws's and fzstd's own identifiers never appear.
  assert.doesNotMatch(src, /class WebSocketServer|llhttp|FSEAccuracyTooHigh/);
  // fzstd is imported where a zstd reply is decoded, through the loader, not at start-up.
  assert.match(src, /await __codexAuthImport\("fzstd"\)/);
});

test('running the CLI loads no ES module (no ESM loader start-up cost)', () => {
  // --trace-... is not stable across versions; instead check what the process opens.
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat', process.execPath, join(repoRoot, 'bin', 'codex-auth.js'), '--help'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', CODEX_HOME: '/nonexistent' },
  });
  if (r.error) assert.fail(`strace is needed for this test: ${r.error.message}`);
  const opened = r.stderr
    .split('\n')
    .filter((l) => !/ENOENT/.test(l))
    .map((l) => /openat\([^,]+, "([^"]+)"/.exec(l)?.[1])
    .filter((p): p is string => !!p && p.startsWith(repoRoot) && /\.(m?js|cjs)$/.test(p));
  assert.ok(opened.length > 0, 'the CLI opened none of its files');
  for (const p of opened) {
    assert.ok(p.endsWith('.cjs') || p.endsWith(join('bin', 'codex-auth.js')) || p.endsWith(join('bin', 'load-cli.js')), `loaded a non-bundle module: ${p}`);
  }
});

test('bin/codex-auth.js tries the quick path first (dist/cli/quick.cjs), then the full CLI', () => {
  const bin = readFileSync(join(repoRoot, 'bin', 'codex-auth.js'), 'utf8');
  const quickAt = bin.indexOf("require('../dist/cli/quick.cjs').quickMain(argv)");
  assert.ok(quickAt > 0, 'the bin does not call the quick path');
  assert.ok(quickAt < bin.indexOf("require('./load-cli.js').loadCli()"), 'the full CLI is loaded before the quick path is tried');
  const quick = require(join(repoRoot, 'dist', 'cli', 'quick.cjs')) as { quick?: unknown; quickMain?: unknown };
  assert.equal(typeof quick.quick, 'function');
  assert.equal(typeof quick.quickMain, 'function');
});

test('the quick bundle holds only what its answers need (docs/architecture.md, "Keep the quick path\'s import graph small")', () => {
  const src = readFileSync(join(repoRoot, 'dist', 'cli', 'quick.cjs'), 'utf8');
  // No package is bundled or required at load time (smol-toml only through createRequire, when a
  // config.toml exists), and no exact-error machinery: the serde_json emulation, oauth's messages,
  // the auth.json schema of the emulation.
  assert.deepEqual([...new Set(src.match(/require\("[^"]+"\)/g))].sort(), ['require("node:fs")', 'require("node:path")']);
  for (const marker of ['EOF while parsing', 'recursion limit exceeded', '"untagged"', 'invalid ID token', 'commander', 'undici']) {
    assert.ok(!src.includes(marker), `the quick bundle contains ${JSON.stringify(marker)}`);
  }
});
