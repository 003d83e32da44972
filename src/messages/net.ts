// Messages of the transport layer (src/net/): custom CA bundles, proxies, transport errors.
// The CA texts are the official Codex CLI 0.169.0's, byte for byte (codex-cli-observed.md §5).

/** Appended to every CA bundle error, as the reference does. */
export const CA_CERT_HINT =
  'If you set CODEX_CA_CERTIFICATE or SSL_CERT_FILE, ensure it points to a PEM file containing one or more CERTIFICATE blocks, or unset it to use system roots.';

export const NET = {
  /** `Failed to read CA certificate file <path> selected by <VAR>: <io error>. <hint>` */
  caRead: (path: string, variable: string, ioError: string): string =>
    `Failed to read CA certificate file ${path} selected by ${variable}: ${ioError}. ${CA_CERT_HINT}`,
  /** `Failed to load CA certificates from <path> selected by <VAR>: <detail>. <hint>` */
  caLoad: (path: string, variable: string, detail: string): string =>
    `Failed to load CA certificates from ${path} selected by ${variable}: ${detail}. ${CA_CERT_HINT}`,
  /** A block that decoded but is not a certificate the TLS stack accepts (n is 1-based). */
  caRegister: (index: number, path: string, variable: string): string =>
    `Failed to parse certificate #${index} from ${path} selected by ${variable}: builder error. ${CA_CERT_HINT}`,
  caNoCertificates: 'no certificates found in PEM file',
  caPemParse: (detail: string): string => `failed to parse PEM file: ${detail}`,
  caTrustedDerLength: 'failed to extract certificate data from TRUSTED CERTIFICATE: invalid DER length',
  /**
   * Lenient clients (refresh, revoke, whoami) keep going with the system roots, like the
   * reference; unlike the reference (which only logs a WARN to its log file) we say so on stderr.
   */
  caFallbackWarning: (reason: string): string =>
    `warning: ${reason} Falling back to the system root certificates.`,
  /** reqwest's wording for any transport failure; the URL is redacted first. */
  sendRequest: (redactedUrl: string): string => `error sending request for url (${redactedUrl})`,
  proxyUnsupported: (scheme: string, variable: string): string =>
    `Unsupported proxy scheme ${scheme} in ${variable}: codex-auth supports http:// and https:// proxies. Set ${variable} to an http:// proxy URL or unset it.`,
  proxyConnectStatus: (status: number): string => `proxy CONNECT failed with status ${status}`,
  transportClosed: 'The network transport was closed; create a new one.',
  websocketStatus: (status: number, statusText: string): string =>
    `WebSocket handshake failed with status ${status} ${statusText}`.trimEnd(),
} as const;
