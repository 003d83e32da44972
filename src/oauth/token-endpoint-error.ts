/**
 * The text of a token endpoint rejection (RFC 6749 §5.2 error response), built exactly as the
 * official client does (codex-cli-observed.md §2.1.4, spec §5.6):
 * `token endpoint returned status 400 Bad Request: <detail>`, where detail is the first non-blank of
 * `error_description`, `error.message`, the error code (`error` string, else `error.code`), the
 * trimmed body, and finally `unknown error`.
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import { serverText } from '../net/redact.js';
import { statusLine } from './http-status.js';

export interface TokenErrorDetail {
  /** The RFC 6749 `error` code (or `error.code`, or top-level `code`), when the body has one. */
  errorCode: string | undefined;
  /** What follows `<status line>: ` in the message. */
  display: string;
}

function nonBlankString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function field(v: unknown, key: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

export function parseTokenErrorBody(body: string): TokenErrorDetail {
  const trimmed = body.trim();
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    json = undefined;
  }
  const error = field(json, 'error');
  const displayCode = nonBlankString(error) ?? nonBlankString(field(error, 'code'));
  const message = nonBlankString(field(json, 'error_description')) ?? nonBlankString(field(error, 'message'));
  const display = message ?? displayCode ?? (trimmed === '' ? OAUTH.tokenEndpointUnknownError : trimmed);
  return { errorCode: displayCode ?? nonBlankString(field(json, 'code')), display };
}

/** `token endpoint returned status <status line>: <detail>`. */
export function tokenEndpointErrorMessage(status: number, body: string): string {
  return OAUTH.tokenEndpointStatus(statusLine(status), serverText(parseTokenErrorBody(body).display));
}

/** The `oauth.token_endpoint` error for a non-2xx token endpoint answer. */
export function tokenEndpointError(status: number, body: string, secrets: readonly string[] = []): CodexAuthError {
  const detail = parseTokenErrorBody(body);
  return new CodexAuthError('oauth.token_endpoint', OAUTH.tokenEndpointStatus(statusLine(status), serverText(redactSecrets(detail.display, secrets))), {
    details: { status, errorCode: detail.errorCode },
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
