// Fakes for AuthManager unit tests: an in-memory CredentialStore, an in-process lock with the
// WithLock signature, JWT builders and ChatGPT auth documents.
import type { WithLock } from '../../src/auth/refresh-types.js';
import type { AuthDotJson, CredentialStore, StoreKind } from '../../src/store/types.js';

export class MemoryStore implements CredentialStore {
  readonly kind: StoreKind;
  doc: AuthDotJson | null;
  saves = 0;
  loads = 0;
  deletes = 0;
  failLoad: Error | undefined;
  /** When set, save() rejects with it and stores nothing (a read-only directory, a full disk, a keyring error). */
  failSave: Error | undefined;

  constructor(doc: AuthDotJson | null = null, kind: StoreKind = 'file') {
    this.doc = doc === null ? null : structuredClone(doc);
    this.kind = kind;
  }

  async load(): Promise<AuthDotJson | null> {
    this.loads++;
    if (this.failLoad) throw this.failLoad;
    return this.doc === null ? null : structuredClone(this.doc);
  }

  async save(doc: AuthDotJson): Promise<void> {
    this.saves++;
    if (this.failSave) throw this.failSave;
    this.doc = structuredClone(doc);
  }

  async delete(): Promise<boolean> {
    this.deletes++;
    const had = this.doc !== null;
    this.doc = null;
    return had;
  }
}

/** An exclusive lock per path within this process (stands in for flock in unit tests). */
export function memoryLock(): WithLock & { acquired: string[] } {
  const tails = new Map<string, Promise<void>>();
  const acquired: string[] = [];
  const fn = (async <T>(path: string, body: () => Promise<T>): Promise<T> => {
    const prev = tails.get(path) ?? Promise.resolve();
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    tails.set(path, prev.then(() => next));
    await prev;
    acquired.push(path);
    try {
      return await body();
    } finally {
      release();
    }
  }) as unknown as WithLock & { acquired: string[] };
  fn.acquired = acquired;
  return fn;
}

export function jwt(payload: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(payload)}.sig`;
}

export interface DocOptions {
  /** Access-token exp, ms since epoch (omit for a non-JWT access token). */
  expMs?: number;
  iatMs?: number;
  accountId?: string | null;
  refreshToken?: string;
  accessToken?: string;
  lastRefresh?: string;
  plan?: string;
  email?: string;
  fedramp?: boolean;
  provenance?: { issuer: string; client_id: string };
}

export function accessJwt(expMs: number, iatMs?: number, extra: Record<string, unknown> = {}): string {
  return jwt({ exp: Math.floor(expMs / 1000), ...(iatMs !== undefined ? { iat: Math.floor(iatMs / 1000) } : {}), ...extra });
}

export function idJwt(o: { accountId?: string | null; plan?: string; email?: string; fedramp?: boolean } = {}): string {
  return jwt({
    email: o.email ?? 'user@example.com',
    'https://api.openai.com/auth': {
      chatgpt_plan_type: o.plan ?? 'pro',
      chatgpt_user_id: 'user-1',
      ...(o.accountId ? { chatgpt_account_id: o.accountId } : {}),
      ...(o.fedramp ? { chatgpt_account_is_fedramp: true } : {}),
    },
  });
}

export function chatgptDoc(o: DocOptions = {}): AuthDotJson {
  const accountId = o.accountId === undefined ? 'acct-1' : o.accountId;
  const access = o.accessToken ?? (o.expMs !== undefined ? accessJwt(o.expMs, o.iatMs) : 'opaque-access-token');
  return {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token: idJwt({ accountId, ...(o.plan ? { plan: o.plan } : {}), ...(o.email ? { email: o.email } : {}), ...(o.fedramp ? { fedramp: true } : {}) }),
      access_token: access,
      refresh_token: o.refreshToken ?? 'rt-1',
      ...(o.provenance ? { oauth_provenance: o.provenance } : {}),
      account_id: accountId,
    },
    ...(o.lastRefresh !== undefined ? { last_refresh: o.lastRefresh } : {}),
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 28, 12, 0, 0)): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms), set: (ms) => (t = ms) };
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

export type FakeResponse = { status: number; body: unknown } | ((req: RecordedRequest) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>);

/**
 * A FetchLike standing in for the issuer: records every request and answers from `responses`
 * (in order; the last one repeats). Bodies that are objects are sent as JSON.
 */
export function fakeFetch(responses: FakeResponse[] = []): ((input: string | URL, init?: RequestInit) => Promise<Response>) & {
  requests: RecordedRequest[];
  push: (...r: FakeResponse[]) => void;
} {
  const queue = [...responses];
  const requests: RecordedRequest[] = [];
  const fn = async (input: string | URL, init: RequestInit = {}) => {
    init.signal?.throwIfAborted();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    let body: Record<string, unknown> | undefined;
    if (typeof init.body === 'string') {
      try {
        body = JSON.parse(init.body) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
    }
    const req: RecordedRequest = { url: String(input), method: init.method ?? 'GET', headers, body };
    requests.push(req);
    const next = queue.length > 1 ? queue.shift() : queue[0];
    if (!next) throw new TypeError('fetch failed (no scripted response)');
    const r = typeof next === 'function' ? await next(req) : next;
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return new Response(r.status === 204 ? null : text, { status: r.status, headers: { 'content-type': 'application/json' } });
  };
  return Object.assign(fn, { requests, push: (...r: FakeResponse[]) => queue.push(...r) });
}
