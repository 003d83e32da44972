// Shared by the profile tests: an embedded issuer serving two accounts whose clock the test can
// move back (so a freshly issued access token is already inside the refresh window), logins for
// both, our CLI on a CODEX_HOME pointed at that issuer, and the issuer's request log reduced to
// what the profile scenarios promise: refreshes, reuses, revokes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startIssuer, type RunningIssuer } from '../../src/issuer/index.js';
import type { ProfileListEntry } from '../../src/profiles/list.js';
import { baseEnv, runOurs, type RunResult } from './run.js';

export const A = 'dev@example.com';
export const B = 'team@example.com';
export const A_ACCOUNT = 'ws-dev-personal';
export const B_ACCOUNT = 'ws-team-alpha';

export interface ProfileIssuer {
  issuer: RunningIssuer;
  /** Tokens issued from now on expire within `secondsLeft` (of a one-hour life): due at once. */
  dueSoon(secondsLeft?: number): void;
  /** Tokens issued from now on live an hour from now. */
  fresh(): void;
  /** An auth.json document for a new sign-in of `email` (a due access token, a login_owner_id). */
  login(email: string): Promise<Record<string, any>>;
  refreshes(): Array<{ outcome: string | undefined; status: number; refresh_token: string }>;
  reuses(): number;
  revokes(): number;
  close(): Promise<void>;
}

export async function profileIssuer(): Promise<ProfileIssuer> {
  let skewMs = 0;
  const issuer = await startIssuer({ now: () => Date.now() + skewMs, accessTokenTtlSeconds: 3600 });
  const log = () => issuer.admin.requests({ path: '/oauth/token' }).filter((r) => r.body?.['grant_type'] === 'refresh_token');
  return {
    issuer,
    dueSoon: (secondsLeft = 60) => {
      skewMs = -(3600 - secondsLeft) * 1000;
    },
    fresh: () => {
      skewMs = 0;
    },
    async login(email) {
      const m = await issuer.admin.mintTokens({ account: email });
      return {
        auth_mode: 'chatgpt',
        OPENAI_API_KEY: null,
        tokens: {
          id_token: m.id_token,
          access_token: m.access_token,
          refresh_token: m.refresh_token,
          login_owner_id: randomBytes(32).toString('base64url').slice(0, 43),
          account_id: m.account_id,
        },
        last_refresh: new Date(Date.now() + skewMs).toISOString(),
      };
    },
    refreshes: () => log().map((r) => ({ outcome: r.outcome, status: r.status, refresh_token: String(r.body?.['refresh_token']) })),
    reuses: () => log().filter((r) => r.outcome === 'refresh_token_reused').length,
    revokes: () => issuer.admin.requests({ path: '/oauth/revoke' }).length + issuer.admin.families().filter((f) => f.status === 'revoked').length,
    close: () => issuer.close(),
  };
}

export function profileEnv(home: string, issuerUrl: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  return baseEnv(home, {
    CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuerUrl}/oauth/token`,
    CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${issuerUrl}/oauth/revoke`,
    ...extra,
  });
}

export function writeAuth(home: string, doc: unknown): void {
  writeFileSync(join(home, 'auth.json'), JSON.stringify(doc, null, 2), { mode: 0o600 });
}

export function readAuth(home: string): Record<string, any> {
  return JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
}

export function readProfile(home: string, name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(home, 'profiles', `${name}.json`), 'utf8'));
}

export async function ours(args: string[], env: Record<string, string>): Promise<RunResult> {
  return runOurs(args, { env, timeoutMs: 60_000 });
}

export async function ok(args: string[], env: Record<string, string>): Promise<RunResult> {
  const r = await ours(args, env);
  assert.equal(r.code, 0, `codex-auth ${args.join(' ')}: ${r.stderr}`);
  return r;
}

export type ListEntry = ProfileListEntry;

/**
 * A CODEX_HOME with two saved sign-ins: A as `work`, B as `personal`. `due` says whose tokens are
 * issued already due; `current` which one is the current login afterwards (default B).
 */
export async function twoProfiles(
  s: ProfileIssuer,
  home: string,
  env: Record<string, string>,
  opts: { due?: Array<'a' | 'b'>; current?: 'a' | 'b' } = {},
): Promise<{ a1: Record<string, any>; b1: Record<string, any> }> {
  const issue = async (who: 'a' | 'b') => {
    if (opts.due?.includes(who)) s.dueSoon();
    else s.fresh();
    return s.login(who === 'a' ? A : B);
  };
  const a1 = await issue('a');
  const b1 = await issue('b');
  s.fresh();
  const order: Array<['a' | 'b', string]> = opts.current === 'a' ? [['b', 'personal'], ['a', 'work']] : [['a', 'work'], ['b', 'personal']];
  for (const [who, name] of order) {
    writeAuth(home, who === 'a' ? a1 : b1);
    await ok(['profile', 'save', name], env);
  }
  return { a1, b1 };
}

/** `profile list --json`, checked against the expected active profile and accounts (name → email). */
export async function checkList(env: Record<string, string>, expected: Record<string, string>, active: string | null): Promise<ListEntry[]> {
  const r = await ok(['profile', 'list', '--json'], env);
  const list = (JSON.parse(r.stdout) as { profiles: ListEntry[] }).profiles;
  assert.deepEqual(
    list.map((e) => [e.name, e.email, e.active]),
    Object.entries(expected)
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([name, email]) => [name, email, name === active]),
    r.stdout,
  );
  for (const e of list) {
    assert.equal(e.mode, 'chatgpt');
    assert.equal(e.account_id, e.email === A ? A_ACCOUNT : B_ACCOUNT);
    assert.ok(e.plan_type, 'plan_type');
  }
  // Never a secret on stdout.
  assert.doesNotMatch(r.stdout, /refresh_token|access_token|id_token|eyJ/);
  return list;
}

/**
 * A proxy in front of the issuer: every request is forwarded at once (a refresh is really made:
 * the issuer rotates the token), but the answer to a refresh is held until `release()`;
 * `answered` resolves when the issuer has answered one.
 */
export async function holdingProxy(issuerUrl: string): Promise<{ url: string; answered: Promise<void>; release: () => void; close: () => void }> {
  const { createServer } = await import('node:http');
  let answered!: () => void;
  const answeredP = new Promise<void>((r) => (answered = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const upstream = await fetch(`${issuerUrl}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(req.method === 'POST' ? { body } : {}),
      });
      const text = await upstream.text();
      if (body.toString().includes('refresh_token')) {
        answered();
        await released;
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    answered: answeredP,
    release,
    close: () => {
      release();
      server.closeAllConnections();
      server.close();
    },
  };
}
