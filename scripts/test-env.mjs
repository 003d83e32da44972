// Makes sure the machine has what the test suite needs, installing it when it can.
// Debian packages: installed with apt-get when running as root; otherwise we fail and say what to install.
// The official Codex binary (@openai/codex@0.171.0, used only by interop tests) is installed into
// .cache/ with npm; it is never a runtime dependency of codex-auth.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CODEX_VERSION = '0.171.0';
export const codexPrefix = join(root, '.cache', `codex-${CODEX_VERSION}`);
export const codexBin = join(
  codexPrefix,
  'node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex',
);

/** Debian package → a file that proves it is installed. */
const DEBIAN = [
  ['chromium', '/usr/bin/chromium'],
  ['gnome-keyring', '/usr/bin/gnome-keyring-daemon'],
  ['dbus', '/usr/bin/dbus-run-session'],
  ['libsecret-tools', '/usr/bin/secret-tool'],
  ['openssl', '/usr/bin/openssl'],
];

function log(msg) {
  process.stderr.write(`[test-env] ${msg}\n`);
}

export function ensureDebianPackages() {
  const missing = DEBIAN.filter(([, file]) => !existsSync(file)).map(([pkg]) => pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    throw new Error(
      `the test suite needs these Debian packages: ${missing.join(' ')}. ` +
        `Install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  const still = DEBIAN.filter(([, file]) => !existsSync(file)).map(([pkg]) => pkg);
  if (still.length) throw new Error(`apt-get did not install: ${still.join(' ')}`);
}

export function ensureOfficialCodex() {
  if (existsSync(codexBin)) return codexBin;
  log(`installing @openai/codex@${CODEX_VERSION} into ${codexPrefix} (interop tests only)`);
  const r = spawnSync(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', codexPrefix, `@openai/codex@${CODEX_VERSION}`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0 || !existsSync(codexBin)) {
    throw new Error(`could not install @openai/codex@${CODEX_VERSION}; run: npm install --prefix ${codexPrefix} @openai/codex@${CODEX_VERSION}`);
  }
  return codexBin;
}

export function ensureTestEnv() {
  ensureDebianPackages();
  return { codexBin: ensureOfficialCodex() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const r = ensureTestEnv();
    log(`ready; official codex at ${r.codexBin}`);
  } catch (e) {
    log(`error: ${e.message}`);
    process.exit(1);
  }
}
