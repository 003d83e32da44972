// Runs inside `dbus-run-session`: starts an unlocked GNOME Keyring (the Secret Service the keyring
// tests talk to, with a throwaway data dir), then runs node's test runner on the given files.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const files = process.argv.slice(2);
const dataHome = mkdtempSync(join(tmpdir(), 'codex-auth-keyring-'));
const env = { ...process.env, XDG_DATA_HOME: dataHome };
const gk = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--daemonize'], {
  input: 'codex-auth-test-keyring',
  env,
  encoding: 'utf8',
});
if (gk.status !== 0) {
  process.stderr.write(`npm test: gnome-keyring-daemon failed to start: ${gk.stderr}\n`);
  process.exit(1);
}
for (const line of gk.stdout.split('\n')) {
  const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
  if (m) env[m[1]] = m[2];
}
env.CODEX_AUTH_TEST_KEYRING = '1';

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=600000', ...files],
  { stdio: 'inherit', env },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
