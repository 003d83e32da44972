/**
 * Secret-free URLs for error messages, like the reference's `redact_sensitive_url_parts`
 * (codex-rs/login; codex-auth-spec §14.2 case 18): userinfo and fragment removed, the values of
 * sensitive query parameters (case-insensitive names) replaced by `<redacted>`, everything else
 * kept as it was written. (The reference re-encodes the whole query, which would print
 * `%3Credacted%3E`; we show `<redacted>` literally, as src/oauth/send.ts does, so every message of
 * codex-auth reads the same. The endpoints the reference reports have no query, so its observed
 * texts are unaffected.)
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
  'password',
  'refresh_token',
  'requested_token',
  'secret',
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
  const query = url.search.slice(1);
  url.username = '';
  url.password = '';
  url.hash = '';
  url.search = '';
  const pairs = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq === -1 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        // keep the raw key
      }
      return SENSITIVE_QUERY_KEYS.includes(key.toLowerCase()) ? `${rawKey}=${REDACTED}` : pair;
    });
  return pairs.length === 0 ? url.href : `${url.href}?${pairs.join('&')}`;
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
