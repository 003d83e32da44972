// Shared by the storm tests: an embedded issuer with a token family whose access token expires
// within the proactive window, an auth.json holding it, and 16 worker processes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';
import { baseEnv, repoRoot } from '../../helpers/run.js';

export const fingerprint = (t: string) => createHash('sha256').update(t).digest('hex').slice(0, 16);

export interface StormIssuer {
  issuer: RunningIssuer;
  /** Token endpoint requests with grant_type refresh_token, and their outcomes. */
  refreshes(): Array<{ outcome: string | undefined; status: number }>;
}

/**
 * Starts the issuer and writes `<home>/auth.json` with a ChatGPT login whose access token was
 * issued an hour ago and expires in `expiresInSeconds` (inside the 300 s window); refreshed
 * tokens live an hour.
 */
export async function expiringLogin(home: string, expiresInSeconds = 60): Promise<StormIssuer> {
  let skewMs = -(3600 - expiresInSeconds) * 1000;
  const issuer = await startIssuer({ now: () => Date.now() + skewMs, accessTokenTtlSeconds: 3600 });
  const minted = await issuer.admin.mintTokens({ account: 'dev@example.com', accessTokenTtlSeconds: 3600 });
  skewMs = 0;
  const doc = {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token: minted.id_token,
      access_token: minted.access_token,
      refresh_token: minted.refresh_token,
      account_id: minted.account_id,
    },
    last_refresh: new Date(Date.now() - 3600_000).toISOString(),
  };
  writeFileSync(join(home, 'auth.json'), JSON.stringify(doc, null, 2), { mode: 0o600 });
  return {
    issuer,
    refreshes: () =>
      issuer.admin
        .requests({ path: '/oauth/token' })
        .filter((r) => r.body?.['grant_type'] === 'refresh_token')
        .map((r) => ({ outcome: r.outcome, status: r.status })),
  };
}

export function storedAccessToken(home: string): string {
  return (JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')) as { tokens: { access_token: string } }).tokens.access_token;
}

export function stormEnv(home: string, issuerUrl: string): Record<string, string> {
  return baseEnv(home, { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuerUrl}/oauth/token` });
}

export interface WorkerResult {
  tokens: Array<string | null>;
  ok: number;
  errors: string[];
  warnings: string[];
}

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  done: Promise<WorkerResult>;
}

function startWorker(env: Record<string, string>, callers: number): Worker {
  const child = spawn(process.execPath, [join(repoRoot, 'test/helpers/storm-worker.mjs'), String(callers)], { env, stdio: 'pipe' });
  let out = '';
  let err = '';
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<WorkerResult>((resolve, reject) => {
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`storm worker exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      else resolve(JSON.parse(line) as WorkerResult);
    });
  });
  return { child, ready, done };
}

/**
 * Starts `processes` workers (spread round-robin over `env` when it is a list, e.g. several
 * CODEX_HOMEs), waits until each has loaded the credentials, then releases them at once.
 */
export async function storm(
  env: Record<string, string> | ReadonlyArray<Record<string, string>>,
  processes = 16,
  callers = 50,
  beforeGo?: () => Promise<void>,
): Promise<WorkerResult[]> {
  const envs = Array.isArray(env) ? env : [env];
  const workers = Array.from({ length: processes }, (_, i) => startWorker(envs[i % envs.length]!, callers));
  await Promise.all(workers.map((w) => w.ready));
  await beforeGo?.();
  for (const w of workers) w.child.stdin.write('go\n');
  return Promise.all(workers.map((w) => w.done));
}
