/**
 * CONTRACT (owned by net/, used by oauth/, login/, auth/). Extend compatibly; do not rename.
 *
 * Every outgoing connection of codex-auth goes through a Transport: one CA policy
 * (CODEX_CA_CERTIFICATE, else SSL_CERT_FILE, added to Node's roots) and one proxy policy
 * (HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY) for HTTP and WebSocket alike.
 */

/** The fetch signature oauth/ functions take: a WHATWG fetch (undici's, with our dispatcher). */
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
  fetch: FetchLike;
  /** Opens a WebSocket (ws) with the same CA and proxy policy. */
  openWebSocket(url: string | URL, options?: { headers?: Record<string, string>; protocols?: string[] }): Promise<import('ws').WebSocket>;
  close(): Promise<void>;
}
