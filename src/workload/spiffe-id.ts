/**
 * SPIFFE ID and Workload API endpoint syntax, as the official 0.171.0 client checks them
 * (codex-0171-delta.md §1.2 step 4, §2): `spiffe://<trust domain>[/<segment>…]` with no query,
 * fragment, empty/dot segment, trailing `/` or padding (`spiffe://Example.org/a` passes); the
 * endpoint is `unix:///abs` or `unix:/abs` (scheme case-insensitive), no host, query or fragment.
 */

const TRUST_DOMAIN = /^[A-Za-z0-9._-]+$/;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

export function isValidSpiffeId(id: string): boolean {
  if (!id.startsWith('spiffe://')) return false;
  const rest = id.slice('spiffe://'.length);
  const slash = rest.indexOf('/');
  const domain = slash === -1 ? rest : rest.slice(0, slash);
  if (!TRUST_DOMAIN.test(domain)) return false;
  if (slash === -1) return true;
  const segments = rest.slice(slash + 1).split('/');
  return segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
}

/** The socket path of a Workload API endpoint URI, or undefined when it is not an absolute unix: URI. */
export function unixSocketPath(uri: string): string | undefined {
  const m = /^unix:(.*)$/i.exec(uri);
  if (!m) return undefined;
  const rest = m[1]!;
  if (rest.includes('?') || rest.includes('#')) return undefined;
  let path: string;
  if (rest.startsWith('//')) {
    // unix://<authority>/path: only an empty authority is accepted.
    if (!rest.startsWith('///')) return undefined;
    path = rest.slice(2);
  } else path = rest;
  if (!path.startsWith('/') || path.startsWith('//')) return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
