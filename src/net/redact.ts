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

/** Longest server-provided text we put into an error message. */
export const MAX_SERVER_TEXT = 500;

/**
 * C0 controls (ESC, BEL, CR, LF...), DEL, C1 controls (U+0080–U+009F: a lone U+009B is a CSI on
 * many terminals), the Unicode line/paragraph separators and the bidi embedding/override/isolate
 * marks that reorder what a terminal shows.
 */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/**
 * The one sanitizer for text a server chose (an issuer's `error_description`, a revoke or refresh
 * error body, a JWT header): every run of control characters becomes one space, so nothing a
 * server sends can colour, move the cursor, retitle the terminal, ring, or forge extra lines, in a
 * terminal or in a log; and a huge body (an HTML error page, a proxy's dump) is cut to
 * MAX_SERVER_TEXT characters with `…`. The reference prints such text verbatim.
 */
export function serverText(text: string): string {
  const flat = text.replace(TERMINAL_CONTROLS, ' ');
  return flat.length > MAX_SERVER_TEXT ? `${flat.slice(0, MAX_SERVER_TEXT)}…` : flat;
}
