// Authorization codes (RFC 6749 §4.1 + PKCE, RFC 7636): single use, short-lived, bound to the
// client, the redirect URI and the S256 code challenge.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { oauthError } from './errors.js';
import type { Grant } from './tokens.js';
import type { IssuerClock } from './types.js';

interface CodeRecord {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  /** Set once redeemed: the family it started (revoked if the code is replayed). */
  redeemedFamily?: string;
  redeemed: boolean;
}

/** base64url(SHA-256(verifier)), the S256 transform. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 §4.1: 43–128 characters of [A-Za-z0-9-._~]. */
export function isValidVerifier(v: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(v);
}

export class CodeStore {
  private readonly codes = new Map<string, CodeRecord>();

  constructor(
    private readonly now: IssuerClock,
    private readonly ttlSeconds: number,
  ) {}

  issue(grant: Grant, redirectUri: string, codeChallenge: string): string {
    const code = `ac_${randomBytes(32).toString('base64url')}`;
    this.codes.set(code, {
      grant,
      redirectUri,
      codeChallenge,
      expiresAt: this.now() + this.ttlSeconds * 1000,
      redeemed: false,
    });
    return code;
  }

  /**
   * Redeems a code. A replayed code fails and returns the family it started so the caller can
   * revoke it (RFC 6749 §4.1.2: "SHOULD revoke all tokens previously issued based on that code").
   */
  redeem(
    code: string,
    input: { clientId: string; redirectUri: string | undefined; codeVerifier: string | undefined },
  ): { grant: Grant; onRedeemed: (familyId: string) => void } | { replayedFamily: string | undefined } {
    const rec = this.codes.get(code);
    if (!rec) throw oauthError(400, 'invalid_grant', 'The authorization code is not valid.');
    if (rec.redeemed) return { replayedFamily: rec.redeemedFamily };
    if (rec.expiresAt <= this.now()) {
      this.codes.delete(code);
      throw oauthError(400, 'invalid_grant', 'The authorization code has expired.');
    }
    if (rec.grant.clientId !== input.clientId) throw oauthError(400, 'invalid_grant', 'The authorization code was issued to another client.');
    if (input.redirectUri !== rec.redirectUri) {
      throw oauthError(400, 'invalid_grant', 'The redirect_uri does not match the one used in the authorization request.');
    }
    if (!input.codeVerifier) throw oauthError(400, 'invalid_request', 'code_verifier is required.');
    if (!isValidVerifier(input.codeVerifier)) throw oauthError(400, 'invalid_grant', 'The code_verifier is malformed.');
    const a = Buffer.from(s256(input.codeVerifier));
    const b = Buffer.from(rec.codeChallenge);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw oauthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
    rec.redeemed = true;
    return {
      grant: rec.grant,
      onRedeemed: (familyId) => {
        rec.redeemedFamily = familyId;
      },
    };
  }

  /** Makes every outstanding code expired (admin). Returns how many. */
  expireAll(): number {
    let n = 0;
    for (const rec of this.codes.values()) {
      if (!rec.redeemed) {
        rec.expiresAt = this.now() - 1;
        n++;
      }
    }
    return n;
  }
}
