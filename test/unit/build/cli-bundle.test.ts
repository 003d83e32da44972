// The CLI ships as one CommonJS bundle (scripts/bundle.mjs) run by a CommonJS bin: starting it must
// not initialise Node's ESM loader (bench/results.md: start-up). These checks pin that wiring.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../helpers/run.js';

test('bin/ is a CommonJS scope and bin/codex-auth.js requires the bundle', () => {
  const scope = JSON.parse(readFileSync(join(repoRoot, 'bin', 'package.json'), 'utf8')) as { type?: string };
  assert.equal(scope.type, 'commonjs');
  const bin = readFileSync(join(repoRoot, 'bin', 'codex-auth.js'), 'utf8');
  assert.match(bin, /require\('\.\.\/dist\/cli\/bundle\.cjs'\)/);
  assert.doesNotMatch(bin, /^\s*import\s/m);
});

test('the build produced dist/cli/bundle.cjs exporting main, next to dist/cli/main.js', () => {
  const bundle = join(repoRoot, 'dist', 'cli', 'bundle.cjs');
  assert.ok(existsSync(bundle), 'run `npm run build`');
  const mod = createRequire(import.meta.url)(bundle) as { main?: unknown };
  assert.equal(typeof mod.main, 'function');
});

test('the bundle keeps the lazy libraries external (loaded only when a command needs them)', () => {
  const src = readFileSync(join(repoRoot, 'dist', 'cli', 'bundle.cjs'), 'utf8');
  // Their code is not inside the bundle: undici's and ws's own identifiers never appear.
  assert.doesNotMatch(src, /class WebSocketServer|llhttp/);
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
  for (const p of opened) assert.ok(p.endsWith('.cjs') || p.endsWith(join('bin', 'codex-auth.js')), `loaded a non-bundle module: ${p}`);
});
