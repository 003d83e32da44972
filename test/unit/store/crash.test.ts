// Crash safety: a child process saving auth.json in a loop (the real FileStore, locks and all)
// is SIGKILLed at random moments, again and again. auth.json must always parse and hold a whole
// document the child wrote (the last confirmed one or the one in flight), never empty or cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAuthDotJson } from '../../../src/store/auth-dot-json.js';
import { repoRoot } from '../../helpers/run.js';
import { withTempHome } from '../../helpers/temp-home.js';

const KILLS = 30;
const PAD = 20_000;
const MIN_WRITES = 200;
const MAX_KILLS = 200;
const fileStoreUrl = pathToFileURL(join(repoRoot, 'dist', 'store', 'file-store.js')).href;

const WRITER = `
import { FileStore } from ${JSON.stringify(fileStoreUrl)};
const s = new FileStore({ codexHome: process.argv[1] });
const pad = 'x'.repeat(${PAD});
let seq = Number(process.argv[2]);
process.stdout.write('ready\\n');
for (;;) {
  seq++;
  await s.save({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-' + seq, seq, pad });
  process.stdout.write(seq + '\\n');
}
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads auth.json and checks it is one whole document; returns its sequence number. */
async function check(path: string): Promise<number> {
  const doc = parseAuthDotJson(await readFile(path), { kind: 'file', path });
  const seq = doc.seq as number;
  assert.equal(doc.OPENAI_API_KEY, `sk-${seq}`);
  assert.equal((doc.pad as string).length, PAD);
  return seq;
}

test(`auth.json survives >= ${KILLS} SIGKILLs of a writer at random moments over >= ${MIN_WRITES} writes`, () =>
  withTempHome(async (home) => {
    const path = join(home, 'auth.json');
    let confirmed = 0; // highest seq the writer reported as saved
    let writes = 0;
    let reads = 0;
    let kills = 0;
    for (; (kills < KILLS || writes < MIN_WRITES) && kills < MAX_KILLS; kills++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, home, String(confirmed)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let ready = false;
      let started = confirmed;
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        for (const line of d.split('\n')) {
          if (line === 'ready') ready = true;
          else if (/^\d+$/.test(line)) {
            started = Math.max(started, Number(line));
            writes++;
          }
        }
      });
      let gone = false;
      const exited = new Promise((r) => child.on('exit', r));
      // 'close': its stdout is drained too, so a 'ready' it printed before dying has been seen.
      child.on('close', () => (gone = true));
      // Bounded: a worker that dies or never gets ready fails the test instead of hanging it.
      const readyBy = performance.now() + 60_000;
      while (!ready) {
        assert.ok(!gone || ready, 'the writer exited before it was ready');
        if (gone) break;
        assert.ok(performance.now() < readyBy, 'the writer was not ready within 60 s');
        await sleep(2);
      }
      // Let it write for a random while, reading concurrently, then kill it mid-flight.
      const until = performance.now() + 20 + Math.random() * 100;
      while (performance.now() < until) {
        try {
          const seq = await check(path);
          assert.ok(seq >= confirmed, `went back from ${confirmed} to ${seq}`);
          reads++;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || confirmed > 0) throw e;
        }
      }
      child.kill('SIGKILL');
      await exited;
      if (started === confirmed && confirmed === 0) continue; // killed before the first write
      const seq = await check(path);
      // The one it reported last, or the one it was writing when killed.
      assert.ok(seq === started || seq === started + 1, `auth.json holds ${seq}, writer had confirmed ${started}`);
      confirmed = seq;
    }
    assert.ok(writes >= MIN_WRITES, `only ${writes} writes happened`);
    assert.ok(kills >= KILLS);
    assert.ok(reads > 0);
  }));
