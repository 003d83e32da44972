// A terminal on stdin: both CLIs refuse `--with-api-key` / `--with-access-token` the same way.
// Runs each under `script` (util-linux) so stdin really is a pseudo-terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { baseEnv, officialCodexBin, ourBin, tempDir } from '../../helpers/run.js';

function underPty(cmd: string[], home: string): { out: string; code: number } {
  const quoted = cmd.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', quoted, '/dev/null'], { env: baseEnv(home), encoding: 'utf8', timeout: 20_000 });
  const out = r.stdout
    .split(/\r?\n/)
    .filter((l) => l !== '' && !l.includes('could not create PATH aliases'))
    .join('\n');
  return { out, code: r.status ?? -1 };
}

for (const flag of ['--with-api-key', '--with-access-token']) {
  test(`TTY stdin parity: login ${flag}`, () => {
    const a = tempDir();
    const b = tempDir();
    try {
      const official = underPty([officialCodexBin(), 'login', flag], a.path);
      const ours = underPty([process.execPath, ourBin, 'login', flag], b.path);
      assert.equal(ours.code, 1);
      assert.deepEqual(ours, official);
      assert.deepEqual(readdirSync(b.path), []);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
}
