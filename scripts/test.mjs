// `npm test`: set up the machine, build, then run every test file under a private D-Bus session
// with a real, unlocked GNOME Keyring (Secret Service), so keyring tests use the real thing.
//   npm test                      all tests
//   npm test -- test/unit/store   only files whose path contains one of the given strings
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestEnv } from './test-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (/\.test\.(ts|mjs|js)$/.test(name)) out.push(relative(root, p));
  }
  return out.sort();
}

let env;
try {
  env = ensureTestEnv();
} catch (e) {
  process.stderr.write(`npm test: ${e.message}\n`);
  process.exit(1);
}

// `npm run build`: tsc, then the CLI bundle bin/codex-auth.js runs (scripts/bundle.mjs).
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('npm test: the build failed (see above)\n');
  process.exit(1);
}

const filters = process.argv.slice(2);
let files = findTests(join(root, 'test'));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  process.stderr.write(`npm test: no test files match ${filters.join(' ')}\n`);
  process.exit(1);
}

const r = spawnSync('dbus-run-session', ['--', process.execPath, join(root, 'scripts/test-session.mjs'), ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CODEX_AUTH_TEST_CODEX_BIN: env.codexBin },
});
process.exit(r.status ?? 1);
