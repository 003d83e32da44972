// Crashes (issue 6): a victim process doing random login / refresh / logout operations with the
// real library is SIGKILLed at random moments, again and again, while two other processes keep
// refreshing the same CODEX_HOME against the embedded issuer (which rotates refresh tokens and
// revokes a family when a spent one comes back). After every kill, with the refreshers paused:
//   - auth.json is absent (a logout) or parses as one whole document the issuer issued;
//   - never a spent refresh token left as the current one by a lost update: no token issued
//     after the stored one was ever presented to the issuer (that would mean a newer token had
//     been stored and then overwritten by an older one). The one allowed exception is physics:
//     the victim killed after the issuer rotated but before it stored the answer — its new token
//     was never presented, so the check above still holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, startIssuer, type RunningIssuer } from '../../src/issuer/index.js';
import { parseAuthDotJson } from '../../src/store/auth-dot-json.js';
import { FileStore } from '../../src/store/file-store.js';
import { repoRoot } from '../helpers/run.js';
import { chatgptDoc } from '../helpers/issuer.js';

// 5 rounds × ≥ 100 kills: ≥ 500 SIGKILLs in all (issue 6), each round a test of its own so no
// single test runs long.
const ROUNDS = 5;
const MIN_OPS = 100;
const MIN_KILLS = 100;
const MAX_KILLS = 200;
const WORKER = join(repoRoot, 'test', 'helpers', 'crash-worker.mjs');

let issuer: RunningIssuer;
let home: string;
before(async () => {
  issuer = await startIssuer({ admin: true });
  home = mkdtempSync(join(tmpdir(), 'codex-auth-crash-'));
});
after(async () => {
  await issuer.close();
  rmSync(home, { recursive: true, force: true });
});

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ops: number;
  waitFor(line: string): Promise<void>;
  exited: Promise<void>;
}

function startWorker(role: 'refresher' | 'victim'): Worker {
  const child = spawn(process.execPath, [WORKER, role, home, issuer.url], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = '';
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  const w: Worker = {
    child,
    ops: 0,
    waitFor: (line) => new Promise((resolve) => waiters.push({ line, resolve })),
    exited: new Promise((r) => child.on('exit', () => r())),
  };
  child.stderr.resume();
  child.stdin.on('error', () => {});
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      if (l.startsWith('op ')) w.ops++;
      for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!.line === l) waiters.splice(i, 1)[0]!.resolve();
    }
  });
  return w;
}

async function freshLogin(): Promise<void> {
  const t = await issuer.admin.mintTokens({ account: 'dev@example.com' });
  await new FileStore({ codexHome: home }).save(chatgptDoc(t));
}

/** Checks the invariants; returns true when the credentials are healthy (else the caller signs in again). */
function check(): boolean {
  const path = join(home, 'auth.json');
  if (!existsSync(path)) return false; // a logout (possibly cut short before its re-login)
  const doc = parseAuthDotJson(readFileSync(path), { kind: 'file', path }); // throws if cut or mixed
  const rt = doc.tokens?.refresh_token;
  assert.equal(typeof rt, 'string', 'auth.json holds no refresh token');
  const family = issuer.admin.family(rt!); // throws for a token the issuer never issued
  const chain = family.refreshTokens.map((t) => t.fingerprint);
  const k = chain.indexOf(fingerprint(rt!));
  assert.ok(k >= 0);
  const log = issuer.admin.requests({ path: '/oauth/token' });
  const presented = new Set(log.map((e) => String(e.body?.['refresh_token'] ?? '')));
  // Single flight across processes: a refresh token a live refresher rotated (and so stored) must
  // never be presented again; only a victim killed before storing its answer may leave one behind.
  const rotatedBy = new Map<string, string>();
  for (const e of log) {
    const fp = String(e.body?.['refresh_token'] ?? '');
    if (!fp) continue;
    const first = rotatedBy.get(fp);
    if (first !== undefined) assert.equal(first, 'victim', `refresh token ${fp} presented again after a live ${first} had rotated it`);
    else if (e.status === 200) rotatedBy.set(fp, e.headers['originator'] ?? '?');
  }
  for (const later of chain.slice(k + 1)) {
    assert.ok(!presented.has(later), `lost update: auth.json holds refresh token #${k} of ${family.id}, but #${chain.indexOf(later)} was already used`);
  }
  const healthy = family.status === 'active' && k === chain.length - 1 && family.refreshTokens[k]!.status === 'active';
  return healthy;
}

for (let round = 1; round <= ROUNDS; round++)
test(`SIGKILL at random moments of login/refresh/logout, round ${round}/${ROUNDS} (>= ${MIN_OPS} operations, >= ${MIN_KILLS} kills) beside two live refreshers`, async () => {
  await freshLogin();
  const refreshers = [startWorker('refresher'), startWorker('refresher')];
  await Promise.all(refreshers.map((r) => r.waitFor('ready')));
  let kills = 0;
  let victimOps = 0;
  let resets = 0;
  try {
    // The next victim starts while the current one works, so node's start-up overlaps the run.
    let next = startWorker('victim');
    let nextReady = next.waitFor('ready');
    while ((kills < MIN_KILLS || victimOps + refreshers.reduce((n, r) => n + r.ops, 0) < MIN_OPS) && kills < MAX_KILLS) {
      const victim = next;
      await nextReady;
      next = startWorker('victim');
      nextReady = next.waitFor('ready');
      await new Promise((r) => setTimeout(r, 5 + Math.random() ** 2 * 400));
      victim.child.kill('SIGKILL');
      await victim.exited;
      kills++;
      victimOps += victim.ops;
      // Quiesce: each refresher finishes what it is doing, then the invariants are checked.
      const paused = refreshers.map((r) => r.waitFor('paused'));
      for (const r of refreshers) r.child.stdin.write('p');
      await Promise.all(paused);
      if (!check()) {
        resets++;
        await freshLogin();
      }
      for (const r of refreshers) r.child.stdin.write('r');
    }
    next.child.kill('SIGKILL');
    await next.exited;
  } finally {
    for (const r of refreshers) r.child.kill('SIGKILL');
    await Promise.all(refreshers.map((r) => r.exited));
  }
  const total = victimOps + refreshers.reduce((n, r) => n + r.ops, 0);
  assert.ok(total >= MIN_OPS, `only ${total} operations`);
  assert.ok(kills >= MIN_KILLS);
  // Issue 10: silent re-logins are bounded. Only a victim killed between the issuer's rotation and
  // its save (or a refresher's slow request still being saved in the background at the check)
  // loses a login, so a kill costs at most one login, and how many kills land in that window
  // grows with how much work the victims get done before they die: a few per hundred on a loaded
  // machine, 20–33 on a quieter one (victims then make hundreds of refreshes). A broken single
  // flight or a lost update spends tokens twice between kills too, and costs a login at nearly
  // every check: more than half fails the round.
  assert.ok(resets <= Math.ceil(kills / 2), `${resets} silent re-logins for ${kills} kills`);
  // The run must have exercised refresh rotations for real.
  const refreshes = issuer.admin.requests({ path: '/oauth/token' });
  assert.ok(refreshes.length > 100, 'too few refreshes reached the issuer');
  assert.ok(refreshes.some((e) => e.headers['originator'] === 'refresher'), 'the request log does not tell the senders apart');
  process.stderr.write(`# crash round ${round}: ${kills} kills, ${total} operations (${victimOps} by victims), ${resets} re-logins\n`);
  // A final check after everything stopped.
  check();
});
