// A SPIFFE Workload API test agent (gRPC on a unix socket, @grpc/grpc-js) for offline workload
// identity: `FetchJWTSVID` answers with JWT-SVIDs signed by its own ES256 key (kid header, `iss`,
// `sub` = the workload's SPIFFE ID, `aud`, `iat`, `exp`), whose JWKS a federation rule of the
// issuer can trust (`jwks()`). It requires the `workload.spiffe.io: true` metadata (as SPIRE
// does), records every call, and can misbehave for tests (several SVIDs, none, a gRPC status, a
// delay, a given SVID text).
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { decodeJwtSvidRequest, encodeJwtSvidResponse, type JwtSvidRequest } from './spiffe-proto.js';
import type { IssuerClock } from './types.js';

export const FETCH_JWT_SVID_PATH = '/SpiffeWorkloadAPI/FetchJWTSVID';

export interface SpiffeAgentOptions {
  /** Where to listen (a path; an existing socket file there is replaced). */
  socketPath: string;
  /** The workload's SPIFFE ID (default `spiffe://example.org/workload`). */
  spiffeId?: string;
  /** `iss` of the SVIDs (default `https://oidc.example.org`). */
  issuer?: string;
  /** SVID lifetime in seconds (default 300). */
  ttlSeconds?: number;
  now?: IssuerClock;
}

/** What the next calls get instead of one SVID for the workload. */
export type AgentBehaviour =
  | { kind: 'normal' }
  | { kind: 'svids'; svids: Array<{ spiffeId: string; svid: string }> }
  | { kind: 'count'; count: number }
  | { kind: 'status'; code: number; message?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'claims'; claims: Record<string, unknown> };

export interface AgentCall {
  request: JwtSvidRequest;
  /** The `workload.spiffe.io` metadata values. */
  securityHeader: string[];
  userAgent: string | undefined;
}

export interface SpiffeAgent {
  socketPath: string;
  /** `unix://<socketPath>` for SPIFFE_ENDPOINT_SOCKET. */
  endpoint: string;
  /** The public key set that verifies its SVIDs. */
  jwks(): { keys: Array<Record<string, unknown>> };
  /** Mints an SVID as the agent would (for tests). */
  mint(audience: string[], claims?: Record<string, unknown>): Promise<string>;
  calls: AgentCall[];
  behave(b: AgentBehaviour): void;
  close(): Promise<void>;
}

export async function startSpiffeAgent(opts: SpiffeAgentOptions): Promise<SpiffeAgent> {
  const grpc = await import('@grpc/grpc-js');
  const jose = await import('jose');
  const now = opts.now ?? (() => Date.now());
  const spiffeId = opts.spiffeId ?? 'spiffe://example.org/workload';
  const issuer = opts.issuer ?? 'https://oidc.example.org';
  const ttl = opts.ttlSeconds ?? 300;
  const pair = await jose.generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await jose.exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
  const mint = async (audience: string[], claims: Record<string, unknown> = {}): Promise<string> => {
    const iat = Math.floor(now() / 1000);
    return new jose.SignJWT({ iss: issuer, sub: spiffeId, aud: audience.length === 1 ? audience[0] : audience, iat, exp: iat + ttl, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .sign(pair.privateKey);
  };
  const calls: AgentCall[] = [];
  let behaviour: AgentBehaviour = { kind: 'normal' };
  const server = new grpc.Server();
  const handler = (call: import('@grpc/grpc-js').ServerUnaryCall<JwtSvidRequest, Array<{ spiffeId: string; svid: string }>>, done: import('@grpc/grpc-js').sendUnaryData<Array<{ spiffeId: string; svid: string }>>): void => {
    const securityHeader = call.metadata.get('workload.spiffe.io').map(String);
    const ua = call.metadata.get('user-agent')[0];
    calls.push({ request: call.request, securityHeader, userAgent: ua === undefined ? undefined : String(ua) });
    if (securityHeader[0] !== 'true') {
      done({ code: grpc.status.INVALID_ARGUMENT, details: 'security header missing from request' });
      return;
    }
    const b = behaviour;
    const answer = async (): Promise<Array<{ spiffeId: string; svid: string }>> => {
      if (b.kind === 'svids') return b.svids;
      const svid = await mint(call.request.audience, b.kind === 'claims' ? b.claims : {});
      if (b.kind === 'count') return Array.from({ length: b.count }, () => ({ spiffeId, svid }));
      return [{ spiffeId, svid }];
    };
    if (b.kind === 'status') {
      done({ code: b.code, details: b.message ?? 'refused by the test agent' });
      return;
    }
    const delay = b.kind === 'delay' ? b.ms : 0;
    setTimeout(() => {
      answer().then((v) => done(null, v), (e: Error) => done({ code: grpc.status.INTERNAL, details: e.message }));
    }, delay);
  };
  server.addService(
    {
      FetchJWTSVID: {
        path: FETCH_JWT_SVID_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: () => Buffer.alloc(0),
        requestDeserialize: decodeJwtSvidRequest,
        responseSerialize: encodeJwtSvidResponse,
        responseDeserialize: () => [],
        originalName: 'fetchJWTSVID',
      },
    },
    { FetchJWTSVID: handler as import('@grpc/grpc-js').UntypedHandleCall },
  );
  rmSync(opts.socketPath, { force: true });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${opts.socketPath}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())),
  );
  return {
    socketPath: opts.socketPath,
    endpoint: `unix://${opts.socketPath}`,
    jwks: () => ({ keys: [{ ...publicJwk }] }),
    mint,
    calls,
    behave: (b) => {
      behaviour = b;
    },
    close: async () => {
      server.forceShutdown();
      rmSync(opts.socketPath, { force: true });
    },
  };
}
