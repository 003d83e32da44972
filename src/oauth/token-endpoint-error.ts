/**
 * A token endpoint's error answer (RFC 6749 §5.2), read once into a TokenErrorDetail that both
 * classifies (spec §10.4) and displays, exactly as the official client does (observed §2.1.4,
 * spec §5.6): `token endpoint returned status 400 Bad Request: <detail>` for a code exchange,
 * `<status>: <error.message or body>` for refresh and revoke.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import { serverText } from '../net/redact.js';
import { statusLine } from './http-status.js';

/**
 * An error answer from a token endpoint (refresh, code exchange, revoke), read once: what
 * classifies it and what each caller displays.
 */
export interface TokenErrorDetail {
  /** spec §10.4: `error` (a string), else `error.code`, else top-level `code`; what classifies a refresh failure. */
  code: string | undefined;
  /**
   * What a code exchange shows after `<status line>: ` (observed §2.1.4): the first non-blank of
   * `error_description`, `error.message`, the error code, the trimmed body; else `unknown error`.
   */
  display: string;
  /**
   * What refresh and revoke failures show: `error.message`, else the raw body, else
   * `Unknown error` (the reference's try_parse_error_message).
   */
  message: string;
}

function nonBlankString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function field(v: unknown, key: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

function stringField(v: unknown, key: string): string | undefined {
  const f = field(v, key);
  return typeof f === 'string' ? f : undefined;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function tokenErrorDetail(body: string): TokenErrorDetail {
  const json = parsed(body);
  const error = field(json, 'error');
  const code = typeof error === 'string' ? error : (stringField(error, 'code') ?? stringField(json, 'code'));
  const message = stringField(error, 'message') ?? (body === '' ? OAUTH.unknownErrorCapital : body);
  // The exchange's display reads the trimmed body (String.trim also drops a BOM, which JSON.parse refuses).
  const trimmed = body.trim();
  const shown = trimmed === body ? json : parsed(trimmed);
  const shownError = field(shown, 'error');
  const displayCode = nonBlankString(shownError) ?? nonBlankString(field(shownError, 'code'));
  const described = nonBlankString(field(shown, 'error_description')) ?? nonBlankString(field(shownError, 'message'));
  const display = described ?? displayCode ?? (trimmed === '' ? OAUTH.tokenEndpointUnknownError : trimmed);
  return { code, display, message };
}

/** `token endpoint returned status <status line>: <detail>`. */
export function tokenEndpointErrorMessage(status: number, body: string): string {
  return OAUTH.tokenEndpointStatus(statusLine(status), serverText(tokenErrorDetail(body).display));
}

/** The `oauth.token_endpoint` error for a non-2xx token endpoint answer. */
export function tokenEndpointError(status: number, body: string, secrets: readonly string[] = []): CodexAuthError<'oauth.token_endpoint'> {
  const detail = tokenErrorDetail(body);
  return new CodexAuthError('oauth.token_endpoint', OAUTH.tokenEndpointStatus(statusLine(status), serverText(redactSecrets(detail.display, secrets))), {
    details: { status, errorCode: detail.code },
  });
}

/**
 * Every spelling a server may echo a secret in: raw, percent-encoded (upper- and lower-case hex),
 * form-encoded (as the request body sent it: `+` for space, `!'()*~` escaped), JSON-escaped.
 */
function spellings(s: string): Set<string> {
  const pct = encodeURIComponent(s);
  const form = new URLSearchParams([['', s]]).toString().slice(1);
  return new Set([s, pct, pct.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), form, form.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), JSON.stringify(s).slice(1, -1)]);
}

/** Replaces each secret sent in the request (code, verifier, token) should the server echo it. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length === 0) continue;
    // Longest first, so a spelling that contains another is replaced whole.
    for (const form of [...spellings(s)].sort((a, b) => b.length - a.length)) {
      out = out.split(form).join('<redacted>');
    }
  }
  return out;
}

export { MAX_SERVER_TEXT, serverText } from '../net/redact.js';
