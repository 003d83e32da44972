/**
 * The SPIFFE source (codex-0171-delta.md §2): one `FetchJWTSVID` call per exchange over the
 * Workload API's unix socket (gRPC, HTTP/2 cleartext, metadata `workload.spiffe.io: true`, no
 * grpc-timeout, no compression), with one audience and the optional SPIFFE ID. Exactly one SVID
 * must come back; its claims are decoded without verification: `sub` a valid SPIFFE ID (equal to
 * OPENAI_SPIFFE_ID when set) and `aud` containing the audience. The SVID is sent unchanged.
 * No listener, a non-socket, or no answer within 10 s: `…unavailable or timed out`.
 * @grpc/grpc-js is imported here only, and this module only when the SPIFFE source is used.
 */
import { connect } from 'node:net';
import { WORKLOAD } from '../messages/workload.js';
import { jwtPayload } from '../oauth/jwt.js';
import { assertionError, MAX_ASSERTION_BYTES } from './assertion.js';
import { grpcStatusDescription } from './grpc-status.js';
import { isValidSpiffeId } from './spiffe-id.js';
import { decodeJwtSvidResponse, encodeJwtSvidRequest, type JwtSvid } from './spiffe-proto.js';

export const SPIFFE_TIMEOUT_MS = 10_000;
export const FETCH_JWT_SVID = '/SpiffeWorkloadAPI/FetchJWTSVID';

export interface SpiffeRequest {
  socketPath: string;
  audience: string;
  spiffeId?: string;
}

const unavailable = () => assertionError(WORKLOAD.spiffeUnavailable, true);

/** Fails fast (unavailable) when nothing listens on the socket. */
function probe(socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(socketPath);
    s.once('connect', () => {
      s.destroy();
      resolve();
    });
    s.once('error', () => reject(unavailable()));
  });
}

async function callFetchJwtSvid(req: SpiffeRequest, onCancel: (cancel: () => void) => void): Promise<JwtSvid[]> {
  const grpc = await import('@grpc/grpc-js');
  const client = new grpc.Client(`unix:${req.socketPath}`, grpc.credentials.createInsecure(), {
    'grpc.default_authority': 'localhost',
    'grpc.enable_retries': 0,
  });
  const metadata = new grpc.Metadata();
  metadata.set('workload.spiffe.io', 'true');
  try {
    return await new Promise<JwtSvid[]>((resolve, reject) => {
      const call = client.makeUnaryRequest(
        FETCH_JWT_SVID,
        () => encodeJwtSvidRequest([req.audience], req.spiffeId),
        (buf: Buffer) => decodeJwtSvidResponse(buf),
        undefined,
        metadata,
        {},
        (err, value) => {
          if (!err) return resolve(value ?? []);
          // A connection that never came up or broke off is "unavailable", not a server status.
          const local = err.code === grpc.status.UNAVAILABLE && /No connection established|Connection dropped|connect /.test(err.details ?? '');
          if (local) return reject(unavailable());
          const transient = err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.DEADLINE_EXCEEDED;
          reject(assertionError(WORKLOAD.spiffeStatus(grpcStatusDescription(err.code)), transient));
        },
      );
      onCancel(() => call.cancel());
    });
  } finally {
    client.close();
  }
}

/** The one SVID's checks; the SVID itself when they pass. */
export function chooseSvid(svids: readonly JwtSvid[], req: Pick<SpiffeRequest, 'audience' | 'spiffeId'>): string {
  if (svids.length === 0) throw assertionError(WORKLOAD.assertionInvalid);
  if (svids.length > 1) throw assertionError(WORKLOAD.spiffeMultiple);
  const svid = svids[0]!.svid;
  if (Buffer.byteLength(svid, 'utf8') > MAX_ASSERTION_BYTES) throw assertionError(WORKLOAD.assertionTooLarge);
  const claims = svid.split('.').length === 3 ? jwtPayload(svid) : undefined;
  const sub = claims?.['sub'];
  const aud = claims?.['aud'];
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  const ok =
    typeof sub === 'string' &&
    isValidSpiffeId(sub) &&
    audiences.includes(req.audience) &&
    (req.spiffeId === undefined || sub === req.spiffeId);
  if (!ok) throw assertionError(WORKLOAD.assertionInvalid);
  return svid;
}

export async function fetchSvidAssertion(req: SpiffeRequest, timeoutMs = SPIFFE_TIMEOUT_MS): Promise<string> {
  if (process.platform === 'win32') throw assertionError(WORKLOAD.spiffeNeedsUnix);
  let timer: NodeJS.Timeout | undefined;
  let cancel = (): void => {};
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cancel();
      reject(unavailable());
    }, timeoutMs);
  });
  const call = probe(req.socketPath).then(() => callFetchJwtSvid(req, (c) => (cancel = c)));
  call.catch(() => {});
  try {
    return chooseSvid(await Promise.race([call, timeout]), req);
  } finally {
    clearTimeout(timer);
  }
}
