// The request log (read through the admin API): what each client sent, with secrets replaced by
// short fingerprints so tests can correlate values without the log ever holding a token.
import { createHash } from 'node:crypto';
import type { RequestLogEntry } from './types.js';

/** Field names whose values are secrets. */
const SECRET_FIELDS = new Set([
  'token',
  'refresh_token',
  'access_token',
  'id_token',
  'code',
  'code_verifier',
  'subject_token',
  'client_secret',
  'assertion',
  'authorization_code',
  'device_auth_id',
  'user_code',
  'state',
  'signature',
  'password',
  'txn',
]);

const LOGGED_HEADERS = ['content-type', 'accept', 'accept-encoding', 'user-agent', 'originator', 'authorization', 'chatgpt-account-id'];

/** `<redacted:1a2b3c4d>`: the first 8 hex chars of SHA-256 of the secret. */
export function fingerprint(secret: string): string {
  return `<redacted:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}>`;
}

export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = SECRET_FIELDS.has(k) && typeof v === 'string' && v !== '' ? fingerprint(v) : v;
  }
  return out;
}

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of LOGGED_HEADERS) {
    const v = headers[name];
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    if (name === 'authorization') {
      const m = /^(\S+)\s+(.+)$/.exec(value);
      out[name] = m ? `${m[1]} ${fingerprint(m[2]!)}` : fingerprint(value);
    } else out[name] = value;
  }
  return out;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 5000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.shift();
    return full;
  }

  list(filter: { path?: string; method?: string } = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) => (!filter.path || e.path === filter.path) && (!filter.method || e.method === filter.method.toUpperCase()),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
