/**
 * CONTRACT (owned by net/, used by oauth/, login/, auth/). Extend compatibly; do not rename.
 *
 * Every outgoing connection of codex-auth goes through a Transport: one CA policy
 * (CODEX_CA_CERTIFICATE, else SSL_CERT_FILE, added to Node's roots) and one proxy policy
 * (HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY) for HTTP and WebSocket alike.
 */

/** The fetch signature oauth/ functions take: a WHATWG fetch (the Transport's). */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  env: Readonly<Record<string, string | undefined>>;
  /**
   * true for the login-flow clients (code exchange, device code): a bad CA bundle is an error.
   * false for the default client (refresh, revoke, whoami, JWKS): warn and use Node's roots.
   */
  strictCa: boolean;
  /** Where lenient-mode warnings go (the CLI passes a stderr writer). */
  warn?: (message: string) => void;
}

export interface Transport {
  /**
   * A WHATWG fetch with our CA and proxy policy: Node's built-in http/https client for a plain
   * request that goes direct, undici@7's fetch with our dispatcher otherwise (net/direct-fetch.ts,
   * docs/network.md). Rejects with CodexAuthError `net.request`
   * (message `error sending request for url (<redacted url>)`, cause = undici's error) when the
   * request cannot be sent; `net.ca_read` / `net.ca_parse` on first use when strictCa and the
   * bundle is bad; `net.proxy_unsupported` for socks proxies. An AbortError passes through.
   * The Response has the WHATWG surface but is not Node's global class (it is undici@7's, or the
   * direct client's LightResponse): do not use `instanceof Response` (or `instanceof Headers`).
   */
  fetch: FetchLike;
  /**
   * Opens a WebSocket (ws) with the same CA and proxy policy (CONNECT tunnel through the proxy).
   * Resolves once open; incoming frames are held until the next macrotask, so attach listeners
   * right after awaiting. Rejects with `net.request`, `net.websocket_status` (non-101 answer,
   * details.status), or the CA/proxy errors above.
   */
  openWebSocket(url: string | URL, options?: { headers?: Record<string, string>; protocols?: string[] }): Promise<import('ws').WebSocket>;
  /** Destroys the dispatcher (open sockets of fetch); later calls reject with `net.closed`. */
  close(): Promise<void>;
}
