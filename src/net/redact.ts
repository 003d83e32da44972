/**
 * Secret-free URLs for error messages, like the reference's `redact_sensitive_url_parts`
 * (codex-rs/login; codex-auth-spec §14.2 case 18): userinfo and fragment removed, the values of
 * sensitive query parameters (case-insensitive names) replaced by `<redacted>`, everything else
 * kept. The query is re-serialised as application/x-www-form-urlencoded, as the reference does,
 * so `<redacted>` appears percent-encoded (`code=%3Credacted%3E`).
 */
import { isCodexAuthError } from '../errors.js';
import { NET } from '../messages/net.js';

export const SENSITIVE_QUERY_KEYS: readonly string[] = [
  'access_token',
  'api_key',
  'client_secret',
  'code',
  'code_verifier',
  'id_token',
  'key',
  'refresh_token',
  'requested_token',
  'state',
  'subject_token',
  'token',
];

const REDACTED = '<redacted>';

/** The URL without credentials, fragment or secret query values; `<invalid-url>` if unparsable. */
export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return '<invalid-url>';
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  const params = new URLSearchParams();
  for (const [key, value] of url.searchParams) {
    const secret = SENSITIVE_QUERY_KEYS.some((k) => k === key.toLowerCase());
    params.append(key, secret ? REDACTED : value);
  }
  const query = params.toString();
  url.search = query === '' ? '' : `?${query}`;
  return url.href;
}

/**
 * The one-line text for a failed request, as the reference prints it:
 * `error sending request for url (<redacted url>)`. Our own CA/proxy configuration errors
 * (CodexAuthError `net.*`) are returned as they are, since they already say what to fix.
 */
export function describeTransportError(err: unknown, url: string | URL): string {
  if (isCodexAuthError(err) && err.code.startsWith('net.')) return err.message;
  return NET.sendRequest(redactUrl(url));
}
