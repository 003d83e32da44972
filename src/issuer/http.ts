// The small HTTP vocabulary the routes speak: a parsed request in, a response value out.
// server.ts does the socket work (bodies, faults, logging); routes stay pure and testable.
import type { IncomingMessage } from 'node:http';
import { HttpError, oauthError } from './errors.js';

export interface IssuerRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** Parsed JSON object or form fields; null when there is no body. */
  body: Record<string, unknown> | null;
  /** Whether the peer is on a loopback address. */
  fromLoopback: boolean;
}

export interface IssuerResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** A short outcome for the request log. */
  outcome?: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

export function json(status: number, value: unknown, outcome?: string): IssuerResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(value),
    ...(outcome ? { outcome } : {}),
  };
}

export function html(status: number, body: string, outcome?: string): IssuerResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
    },
    body,
    ...(outcome ? { outcome } : {}),
  };
}

export function redirect(location: string, outcome?: string): IssuerResponse {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '', ...(outcome ? { outcome } : {}) };
}

export function fromHttpError(e: HttpError): IssuerResponse {
  return json(e.status, e.body, e.outcome);
}

/** Reads the body (up to MAX_BODY_BYTES) and parses it as JSON or form fields. */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw oauthError(413, 'invalid_request', 'The request body is too large (limit 1 MiB).');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return null;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const looksJson =
    type === 'application/json' || type.endsWith('+json') || (type !== 'application/x-www-form-urlencoded' && text.trimStart().startsWith('{'));
  if (looksJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw oauthError(400, 'invalid_request', 'The request body is not valid JSON.');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw oauthError(400, 'invalid_request', 'The request body must be a JSON object.');
    }
    return parsed as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (k in out) throw oauthError(400, 'invalid_request', `The parameter "${k}" is repeated.`);
    out[k] = v;
  }
  return out;
}

/** A string field of the body, or undefined. */
export function field(body: Record<string, unknown> | null, name: string): string | undefined {
  const v = body?.[name];
  return typeof v === 'string' ? v : undefined;
}

export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

export { HttpError };
