// RS256 signing keys and the JWKS documents that publish them (jose, loaded lazily).
import { IssuerInputError } from './errors.js';
import type { IssuerClock, PrivateJwk } from './types.js';

type Jose = typeof import('jose');

export interface PublicJwks {
  keys: Array<Record<string, unknown>>;
}

/** One RS256 key: signs JWTs, verifies its own, and publishes its public half. */
export interface JwtSigner {
  readonly kid: string;
  sign(claims: Record<string, unknown>, typ?: string): Promise<string>;
  /** Verifies a JWT signed by this key; returns its claims, or null when invalid or expired. */
  verify(jwt: string, expected?: { issuer?: string; audience?: string }): Promise<Record<string, unknown> | null>;
  jwks(): PublicJwks;
  /** The private key as a JWK (to restart an issuer with the same key). */
  exportPrivate(): PrivateJwk;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

let josePromise: Promise<Jose> | undefined;
function loadJose(): Promise<Jose> {
  josePromise ??= import('jose');
  return josePromise;
}

export async function createSigner(now: IssuerClock, supplied?: PrivateJwk): Promise<JwtSigner> {
  const jose = await loadJose();
  let privateJwk: Record<string, unknown>;
  if (supplied) {
    if (supplied.kty !== 'RSA' || typeof supplied.d !== 'string') {
      throw new IssuerInputError('the signing key must be an RSA private key in JWK form (kty "RSA" with "d")');
    }
    privateJwk = { ...supplied };
  } else {
    const pair = await jose.generateKeyPair('RS256', { extractable: true });
    privateJwk = (await jose.exportJWK(pair.privateKey)) as Record<string, unknown>;
  }
  const publicJwk: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(privateJwk)) if (!PRIVATE_MEMBERS.includes(k) && k !== 'kid' && k !== 'alg' && k !== 'use') publicJwk[k] = v;
  const kid = typeof supplied?.kid === 'string' ? supplied.kid : await jose.calculateJwkThumbprint(publicJwk as import('jose').JWK);
  let privateKey: Awaited<ReturnType<Jose['importJWK']>>;
  let publicKey: Awaited<ReturnType<Jose['importJWK']>>;
  try {
    privateKey = await jose.importJWK(privateJwk as import('jose').JWK, 'RS256');
    publicKey = await jose.importJWK(publicJwk as import('jose').JWK, 'RS256');
  } catch {
    throw new IssuerInputError('the signing key could not be imported: supply an RSA private key JWK (2048 bits or more)');
  }
  const published = { ...publicJwk, kid, alg: 'RS256', use: 'sig' };

  return {
    kid,
    async sign(claims, typ = 'JWT') {
      return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ }).sign(privateKey);
    },
    async verify(jwt, expected = {}) {
      try {
        const { payload } = await jose.jwtVerify(jwt, publicKey, {
          algorithms: ['RS256'],
          currentDate: new Date(now()),
          ...(expected.issuer ? { issuer: expected.issuer } : {}),
          ...(expected.audience ? { audience: expected.audience } : {}),
        });
        return payload as Record<string, unknown>;
      } catch {
        return null;
      }
    },
    jwks() {
      return { keys: [{ ...published }] };
    },
    exportPrivate() {
      return { ...privateJwk, kid };
    },
  };
}
