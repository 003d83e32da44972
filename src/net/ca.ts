/**
 * The custom CA policy every connection uses (codex-auth-spec §12, codex-cli-observed §5):
 * 1. the bundle is `CODEX_CA_CERTIFICATE` if set and non-empty, else `SSL_CERT_FILE` if set and
 *    non-empty, else none. Values are not trimmed (`"  "` is a path);
 * 2. its certificates are ADDED to the system roots (Node's bundled roots, plus what the
 *    reference's native root loader reads: SSL_CERT_FILE and SSL_CERT_DIR);
 * 3. an unreadable or unparsable bundle is an error with the reference's exact text.
 * Node 20 has no tls.setDefaultCACertificates and reads NODE_EXTRA_CA_CERTS only at startup, so
 * we parse the PEM ourselves and hand the full list to undici and ws as `ca`.
 */
import { readdirSync } from 'node:fs';
import { readRegularFileSync } from '../safe-file.js';
import { join } from 'node:path';
import { envValue, type Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import { NET } from '../messages/net.js';
import { rustIoErrorText } from './os-error.js';
import { derItemLength, PemError, readPemSections } from './pem.js';

// node:tls and node:crypto are loaded when first needed: a plain-http request or a lenient client
// without a bundle never needs them, and loading them is a measurable part of a cold request.
const nodeRoots = (): readonly string[] => process.getBuiltinModule('node:tls').rootCertificates;

export type CaVariable = 'CODEX_CA_CERTIFICATE' | 'SSL_CERT_FILE';

export interface CaBundleSource {
  variable: CaVariable;
  /** The path exactly as given (relative paths resolve against the working directory). */
  path: string;
}

/** Which bundle the environment selects, or null for system roots only. */
export function selectCaBundle(env: Env): CaBundleSource | null {
  for (const variable of ['CODEX_CA_CERTIFICATE', 'SSL_CERT_FILE'] as const) {
    const path = envValue(env, variable);
    if (path !== undefined) return { variable, path };
  }
  return null;
}

function toPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/**
 * Parses bundle bytes into DER certificates. Throws CodexAuthError `net.ca_parse` with the
 * reference's text. `source` only names the file in messages.
 */
export function parseCaBundle(bytes: Buffer, source: CaBundleSource): Buffer[] {
  const invalid = (detail: string): CodexAuthError =>
    new CodexAuthError('net.ca_parse', NET.caLoad(source.path, source.variable, detail), {
      details: { variable: source.variable, path: source.path },
    });
  // Like the reference: decode lossily as UTF-8 (a BOM is kept, not stripped), then rewrite
  // OpenSSL TRUSTED CERTIFICATE labels and cut each certificate to its first DER object.
  let text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  const trusted = text.includes('TRUSTED CERTIFICATE');
  if (trusted) {
    text = text.replaceAll('BEGIN TRUSTED CERTIFICATE', 'BEGIN CERTIFICATE').replaceAll('END TRUSTED CERTIFICATE', 'END CERTIFICATE');
  }
  let sections;
  try {
    sections = readPemSections(Buffer.from(text, 'utf8'));
  } catch (e) {
    if (e instanceof PemError) throw invalid(NET.caPemParse(e.message));
    throw e;
  }
  const certificates: Buffer[] = [];
  for (const section of sections) {
    if (section.label !== 'CERTIFICATE') continue; // CRLs, keys, CSRs... are skipped
    if (!trusted) {
      certificates.push(section.der);
      continue;
    }
    const len = derItemLength(section.der);
    if (len === undefined) throw invalid(NET.caTrustedDerLength);
    certificates.push(section.der.subarray(0, len));
  }
  if (certificates.length === 0) throw invalid(NET.caNoCertificates);
  certificates.forEach((der, i) => {
    if (!isCertificate(der)) {
      throw new CodexAuthError('net.ca_parse', NET.caRegister(i + 1, source.path, source.variable), {
        details: { variable: source.variable, path: source.path, certificate: i + 1 },
      });
    }
  });
  return certificates;
}

let nodeRootKeys: Set<string> | undefined;
/** The base64 DER of each of Node's bundled roots (to skip work for certificates it already has). */
function isNodeRoot(der: Buffer): boolean {
  nodeRootKeys ??= new Set(nodeRoots().map((pem) => pem.replace(/-----[^-]+-----|\s+/g, '')));
  return nodeRootKeys.has(der.toString('base64'));
}

/** The TLS stack must accept it: one complete DER object that parses as X.509. */
function isCertificate(der: Buffer): boolean {
  if (derItemLength(der) !== der.length) return false;
  if (isNodeRoot(der)) return true;
  try {
    new (process.getBuiltinModule('node:crypto').X509Certificate)(der);
    return true;
  } catch {
    return false;
  }
}

/** Reads and parses the selected bundle; throws `net.ca_read` / `net.ca_parse`. Returns PEM strings. */
export function loadCaBundle(source: CaBundleSource): string[] {
  return loadCaBundleDers(source).map(toPem);
}

function loadCaBundleDers(source: CaBundleSource): Buffer[] {
  let bytes: Buffer;
  try {
    bytes = readRegularFileSync(source.path);
  } catch (e) {
    throw new CodexAuthError('net.ca_read', NET.caRead(source.path, source.variable, rustIoErrorText(e)), {
      cause: e,
      details: { variable: source.variable, path: source.path },
    });
  }
  return parseCaBundle(bytes, source);
}

/** Certificates from a file, or none when it is unreadable or malformed (system-roots loading is lenient). */
function lenientPemFile(path: string): Buffer[] {
  try {
    return parseCaBundle(readRegularFileSync(path), { variable: 'SSL_CERT_FILE', path });
  } catch {
    return [];
  }
}

/** PEM strings of the certificates Node's bundled roots do not already contain (deduplicated). */
function beyondNodeRoots(ders: Buffer[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const der of ders) {
    const key = der.toString('base64');
    if (isNodeRoot(der) || seen.has(key)) continue;
    seen.add(key);
    out.push(toPem(der));
  }
  return out;
}

/**
 * What the reference calls the system roots: Node's bundled Mozilla roots, plus (as its native
 * loader does) the certificates of SSL_CERT_FILE and of the hashed `xxxxxxxx.N` files in each
 * SSL_CERT_DIR directory.
 */
export function systemRoots(env: Env, selected: CaBundleSource | null = null): string[] {
  return [...nodeRoots(), ...beyondNodeRoots(systemRootDers(env, selected))];
}

function systemRootDers(env: Env, selected: CaBundleSource | null): Buffer[] {
  const roots: Buffer[] = [];
  const file = envValue(env, 'SSL_CERT_FILE');
  // When SSL_CERT_FILE is itself the selected bundle, it is added (strictly) by the caller.
  if (file !== undefined && selected?.variable !== 'SSL_CERT_FILE') roots.push(...lenientPemFile(file));
  const dirs = envValue(env, 'SSL_CERT_DIR');
  for (const dir of dirs?.split(':').filter(Boolean) ?? []) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (/^[0-9a-f]{8}\.\d+$/.test(name)) roots.push(...lenientPemFile(join(dir, name)));
    }
  }
  return roots;
}

export interface TrustedRoots {
  /** The full `ca` list for TLS: Node's roots first, then `extra`. */
  ca: string[];
  /**
   * The certificates to add to Node's bundled roots (system-root files and the custom bundle),
   * without those Node already has. Adding only these keeps building a TLS context cheap.
   */
  extra: string[];
  /** The selected bundle, or null. */
  source: CaBundleSource | null;
  /** How many certificates the custom bundle added (0 when none or when it fell back). */
  customCount: number;
}

/**
 * The trusted roots for a client. Strict clients (login flows) throw the bundle's error;
 * lenient ones call `warn` with it and fall back to the system roots.
 */
export function resolveTrustedRoots(opts: { env: Env; strictCa: boolean; warn?: (message: string) => void }): TrustedRoots {
  const source = selectCaBundle(opts.env);
  const roots = (ders: Buffer[], customCount: number): TrustedRoots => {
    const extra = beyondNodeRoots(ders);
    return {
      // Built when read: Node's roots as PEM strings cost a few ms that the transport never spends.
      get ca() {
        return [...nodeRoots(), ...extra];
      },
      extra,
      source,
      customCount,
    };
  };
  if (!source) return roots(systemRootDers(opts.env, null), 0);
  let custom: Buffer[];
  try {
    custom = loadCaBundleDers(source);
  } catch (e) {
    if (opts.strictCa || !(e instanceof CodexAuthError)) throw e;
    opts.warn?.(NET.caFallbackWarning(e.message));
    return roots(systemRootDers(opts.env, source), 0);
  }
  return roots([...systemRootDers(opts.env, source), ...custom], custom.length);
}
