// Crashes of the real CLI (issue 6; the library-level crash suite is crash.test.ts): the
// `codex-auth` process itself is SIGKILLed at every kill point (src/kill-points.ts: the process
// pauses there and says so on a pipe, so the kill lands there however loaded the machine is) of
//   - `login --with-api-key` (replacing one stored API key with another),
//   - `token` with an expired access token (a refresh against the embedded issuer, then the save),
//   - `logout` (removing an API-key login),
// and after every kill the credential file must be whole: absent only after a logout, otherwise one
// document that parses with the official binary's rules (store/auth-dot-json.ts), 0600, holding
// either the old or the new credentials — never a mix, never a truncated file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startIssuer, type RunningIssuer } from '../../src/issuer/index.js';
import { parseAuthDotJson } from '../../src/store/auth-dot-json.js';
import { FileStore } from '../../src/store/file-store.js';
import { accessJwt } from '../helpers/auth-fakes.js';
import { chatgptDoc } from '../helpers/issuer.js';
import { baseEnv, ourBin, tempDir } from '../helpers/run.js';

/** Runs per kill point: every one of them is killed exactly there, however fast or slow the machine. */
const RUNS_PER_POINT = 4;
const OLD_KEY = 'sk-old-0123456789abcdefghij';
const NEW_KEY = 'sk-new-9876543210zyxwvutsrq';
/** The points of src/kill-points.ts a credential save passes. */
const SAVE_POINTS = ['atomic:temp-created', 'atomic:temp-written', 'atomic:temp-synced', 'atomic:renamed'];

let issuer: RunningIssuer;
before(async () => {
  issuer = await startIssuer({ admin: true });
});
after(async () => {
  await issuer.close();
});

interface Outcome {
  killed: boolean;
  code: number | null;
}

/**
 * Runs our CLI armed to pause at `point` (src/kill-points.ts: it says so on fd 3 and waits), and
 * SIGKILLs it the moment it gets there. `point` undefined: an uninterrupted run.
 */
function runAndKill(args: string[], env: Record<string, string>, point: string | undefined, stdin?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ourBin, ...args], {
      env: point ? { ...env, CODEX_AUTH_TEST_KILL_POINT: `${point}@3` } : env,
      stdio: ['pipe', 'ignore', 'ignore', 'pipe'],
    });
    child.stdin!.on('error', () => {});
    child.stdin!.end(stdin ?? '');
    let killed = false;
    const ready = child.stdio[3] as NodeJS.ReadableStream;
    ready.setEncoding('utf8');
    ready.on('data', (line: string) => {
      if (line.startsWith(point ?? '\0')) killed = child.kill('SIGKILL');
    });
    child.on('exit', (code) => resolve({ killed: killed && code === null, code }));
  });
}

/** The stored document (whole, official-parseable, 0600), or null when there is none. */
function stored(home: string): ReturnType<typeof parseAuthDotJson> | null {
  const path = join(home, 'auth.json');
  if (!existsSync(path)) return null;
  assert.equal(statSync(path).mode & 0o777, 0o600, 'auth.json is not 0600');
  return parseAuthDotJson(readFileSync(path), { kind: 'file', path }); // throws on a torn or mixed document
}

async function killRounds(name: string, points: string[], prepare: (home: string) => Promise<void>, args: (home: string) => string[], check: (home: string, o: Outcome) => void, stdin?: string) {
  const d = tempDir(`codex-auth-crash-cli-${name}-`);
  try {
    const env = () => baseEnv(d.path, { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token` });
    await prepare(d.path);
    const full = await runAndKill(args(d.path), env(), undefined, stdin);
    assert.equal(full.code, 0, 'the uninterrupted run failed');
    check(d.path, full);
    for (const point of points) {
      for (let i = 0; i < RUNS_PER_POINT; i++) {
        await prepare(d.path);
        const o = await runAndKill(args(d.path), env(), point, stdin);
        // Every run must really have been interrupted there, or the test proves nothing.
        assert.ok(o.killed, `${name}: the run never reached ${point} (exit ${o.code})`);
        check(d.path, o);
      }
    }
  } finally {
    d.cleanup();
  }
}

function writeApiKey(home: string, key: string): void {
  writeFileSync(join(home, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: key }), { mode: 0o600 });
}

test('SIGKILL during `login --with-api-key`: the old key or the new one, whole', () =>
  killRounds(
    'login',
    SAVE_POINTS,
    async (home) => writeApiKey(home, OLD_KEY),
    () => ['login', '--with-api-key'],
    (home, o) => {
      const doc = stored(home);
      assert.ok(doc, 'auth.json disappeared during a login');
      assert.ok([OLD_KEY, NEW_KEY].includes(doc.OPENAI_API_KEY ?? ''), 'a key that is neither the old nor the new one');
      if (!o.killed) assert.equal(doc.OPENAI_API_KEY, NEW_KEY);
    },
    `${NEW_KEY}\n`,
  ));

test('SIGKILL during `token` refreshing an expired token: the old generation or one the issuer issued, whole', async () => {
  let before: string | undefined;
  await killRounds(
    'token',
    ['refresh:answered', ...SAVE_POINTS],
    async (home) => {
      const t = await issuer.admin.mintTokens({ account: 'dev@example.com' });
      // An access token that expired a minute ago: `token` must refresh (the issuer only looks at
      // the refresh token, which is its own).
      const expired = accessJwt(Date.now() - 60_000, Date.now() - 3_660_000);
      await new FileStore({ codexHome: home }).save(chatgptDoc({ ...t, access_token: expired }));
      before = t.refresh_token;
    },
    () => ['token'],
    (home, o) => {
      const doc = stored(home);
      assert.ok(doc?.tokens, 'the ChatGPT login disappeared during a refresh');
      const rt = doc.tokens.refresh_token;
      if (rt !== before) {
        // A new generation: one the issuer issued in the family of the one it replaced.
        const family = issuer.admin.family(rt);
        assert.ok(family.refreshTokens.length >= 2, 'a refresh token the issuer did not issue by rotation');
      }
      if (!o.killed) assert.notEqual(rt, before, 'a finished `token` left the expired generation');
    },
  );
});

test('SIGKILL during `logout`: the login whole, or no auth.json at all', () =>
  killRounds(
    'logout',
    ['delete:locked'],
    async (home) => writeApiKey(home, OLD_KEY),
    () => ['logout'],
    (home, o) => {
      const doc = stored(home);
      if (doc) assert.equal(doc.OPENAI_API_KEY, OLD_KEY);
      if (!o.killed) assert.equal(doc, null);
    },
  ));
