// Helpers for tests that drive the embedded issuer over HTTP (no browser): PKCE, form sign-in,
// JSON/form posts, JWT payload decoding.
import { createHash, randomBytes } from 'node:crypto';
import { startIssuer, type IssuerOptions, type RunningIssuer } from '../../src/issuer/index.js';
import type { AuthDotJson } from '../../src/store/types.js';

export const CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const REDIRECT_URI = 'http://127.0.0.1:1455/auth/callback';

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function decodeJwt(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

/** The body as JSON, or null when it is not JSON. */
function jsonOrNull(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; text: string }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: jsonOrNull(text), text };
}

export async function postForm(url: string, fields: Record<string, string>): Promise<{ status: number; body: any; location: string | null; text: string }> {
  const r = await fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  const text = await r.text();
  return { status: r.status, body: jsonOrNull(text), location: r.headers.get('location'), text };
}

/** The device flow's last step: the poll's authorization code exchanged for tokens (PKCE, the issuer's device callback). */
export function exchangeDeviceCode(issuerUrl: string, poll: { authorization_code: string; code_verifier: string }) {
  return postForm(`${issuerUrl}/oauth/token`, {
    grant_type: 'authorization_code',
    client_id: CLIENT_ID,
    code: poll.authorization_code,
    redirect_uri: `${issuerUrl}/deviceauth/callback`,
    code_verifier: poll.code_verifier,
  });
}

export function authorizeUrl(issuer: RunningIssuer, params: Record<string, string>): string {
  const u = new URL(`${issuer.url}/oauth/authorize`);
  const defaults = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    code_challenge_method: 'S256',
    state: 'state-123',
    scope: 'openid profile email offline_access',
  };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) u.searchParams.set(k, v);
  return u.toString();
}

/** Opens the sign-in page, picks the account, submits the decision; returns the redirect Location. */
export async function signIn(
  issuer: RunningIssuer,
  opts: { challenge: string; email?: string; workspace?: string; decision?: 'allow' | 'deny'; params?: Record<string, string> },
): Promise<URL> {
  const page = await fetch(authorizeUrl(issuer, { code_challenge: opts.challenge, ...(opts.params ?? {}) }));
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}`);
  const html = await page.text();
  const txn = /name="txn" value="([^"]+)"/.exec(html)?.[1];
  if (!txn) throw new Error('no txn on the sign-in page');
  const account = issuer.admin.accounts().find((a) => a.email === (opts.email ?? 'dev@example.com'))!;
  const ws = opts.workspace ?? account.workspaces[0]!.id;
  const r = await postForm(`${issuer.url}/oauth/authorize/decision`, { txn, decision: opts.decision ?? 'allow', account: `${account.userId} ${ws}` });
  if (r.status !== 302 || !r.location) throw new Error(`decision answered ${r.status}`);
  return new URL(r.location);
}

/** A full code flow: returns the token response. */
export async function codeFlow(issuer: RunningIssuer, email = 'dev@example.com'): Promise<any> {
  const { verifier, challenge } = pkce();
  const back = await signIn(issuer, { challenge, email });
  const code = back.searchParams.get('code')!;
  const r = await postForm(`${issuer.url}/oauth/token`, {
    grant_type: 'authorization_code',
    client_id: CLIENT_ID,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  if (r.status !== 200) throw new Error(`token answered ${r.status}: ${r.text}`);
  return r.body;
}

let sharedKey: Promise<Record<string, unknown>> | undefined;

/** One RSA key per test process (generating a key costs ~0.5 s on a small VM). */
export function sharedSigningKey(): Promise<Record<string, unknown>> {
  sharedKey ??= (async () => {
    const jose = await import('jose');
    const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    return (await jose.exportJWK(privateKey)) as Record<string, unknown>;
  })();
  return sharedKey;
}

/** startIssuer with the process's shared signing key (exercises the supplied-key path too). */
export async function startTestIssuer(options: IssuerOptions = {}): Promise<RunningIssuer> {
  return startIssuer({ signingKey: await sharedSigningKey(), ...options });
}

/** The auth.json document a ChatGPT sign-in would store for tokens the issuer's admin API minted. */
export function chatgptDoc(
  t: { id_token: string; access_token: string; refresh_token: string; account_id: string | null },
  lastRefresh: string = new Date().toISOString(),
): AuthDotJson {
  return {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, account_id: t.account_id },
    last_refresh: lastRefresh,
  };
}
