// The Codex device-code flow (observed §2.2, spec §6): a device authorization with a user code
// that a person approves on /codex/device; the poll then hands out an authorization code plus the
// PKCE pair, which the client redeems at /oauth/token with redirect_uri <issuer>/deviceauth/callback.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { IssuerInputError, oauthError, openaiError } from './errors.js';
import { s256, type CodeStore } from './codes.js';
import type { Grant } from './tokens.js';
import type { IssuerClock } from './types.js';

export type DeviceStatus = 'pending' | 'approved' | 'denied' | 'consumed';

interface DeviceRecord {
  deviceAuthId: string;
  userCode: string;
  clientId: string;
  status: DeviceStatus;
  expiresAt: number;
  answer?: { authorization_code: string; code_challenge: string; code_verifier: string };
}

export interface DeviceView {
  userCode: string;
  status: DeviceStatus;
  expired: boolean;
  clientId: string;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newUserCode(): string {
  let s = '';
  for (let i = 0; i < 9; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** What a person typed, made comparable: case, spaces and dashes do not matter. */
export function normaliseUserCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

export type DeviceLookup = { kind: 'ok'; record: DeviceView } | { kind: 'expired' } | { kind: 'unknown' } | { kind: 'used' };

export class DeviceStore {
  private readonly byId = new Map<string, DeviceRecord>();
  private readonly byCode = new Map<string, DeviceRecord>();

  constructor(
    private readonly now: IssuerClock,
    private readonly ttlSeconds: number,
    private readonly intervalSeconds: number,
    private readonly codes: CodeStore,
    private readonly callbackUri: () => string,
  ) {}

  start(clientId: string): { device_auth_id: string; user_code: string; interval: string; expires_at: string } {
    let userCode = newUserCode();
    while (this.byCode.has(normaliseUserCode(userCode))) userCode = newUserCode();
    const rec: DeviceRecord = {
      deviceAuthId: `deviceauth_${randomUUID()}`,
      userCode,
      clientId,
      status: 'pending',
      expiresAt: this.now() + this.ttlSeconds * 1000,
    };
    this.byId.set(rec.deviceAuthId, rec);
    this.byCode.set(normaliseUserCode(userCode), rec);
    return {
      device_auth_id: rec.deviceAuthId,
      user_code: userCode,
      // The real server sends the interval as a JSON string; the official client rejects a number.
      interval: String(this.intervalSeconds),
      expires_at: new Date(rec.expiresAt).toISOString(),
    };
  }

  /** The poll: 403 while pending (the official client keeps polling on 403/404), 200 once approved. */
  poll(deviceAuthId: string, userCode: string): { authorization_code: string; code_challenge: string; code_verifier: string } {
    const rec = this.byId.get(deviceAuthId);
    if (!rec || normaliseUserCode(userCode) !== normaliseUserCode(rec.userCode)) {
      throw openaiError(404, 'deviceauth_not_found', 'Unknown device authorization.');
    }
    if (rec.status === 'consumed') throw oauthError(400, 'invalid_grant', 'This device code has already been used.');
    if (rec.status === 'denied') throw oauthError(400, 'access_denied', 'The sign-in request was denied.');
    if (rec.status === 'pending' && rec.expiresAt <= this.now()) {
      throw oauthError(400, 'expired_token', 'The device code has expired. Start the sign-in again.');
    }
    if (rec.status === 'pending' || !rec.answer) {
      throw openaiError(403, 'authorization_pending', 'The device code has not been approved yet.');
    }
    rec.status = 'consumed';
    return rec.answer;
  }

  lookup(userCodeInput: string): DeviceLookup {
    const rec = this.byCode.get(normaliseUserCode(userCodeInput));
    if (!rec) return { kind: 'unknown' };
    if (rec.status !== 'pending') return { kind: 'used' };
    if (rec.expiresAt <= this.now()) return { kind: 'expired' };
    return { kind: 'ok', record: this.view(rec) };
  }

  approve(userCodeInput: string, grant: Grant): void {
    const rec = this.requirePending(userCodeInput);
    const verifier = randomBytes(64).toString('base64url');
    const challenge = s256(verifier);
    const code = this.codes.issue(grant, this.callbackUri(), challenge);
    rec.status = 'approved';
    rec.answer = { authorization_code: code, code_challenge: challenge, code_verifier: verifier };
  }

  deny(userCodeInput: string): void {
    this.requirePending(userCodeInput).status = 'denied';
  }

  /** Admin: make one device code (or all pending ones) expired now. Returns how many. */
  expire(userCodeInput?: string): number {
    const recs = userCodeInput ? [this.byCode.get(normaliseUserCode(userCodeInput))] : [...this.byId.values()];
    let n = 0;
    for (const rec of recs) {
      if (!rec) throw new IssuerInputError('unknown user code');
      if (rec.status === 'pending') {
        rec.expiresAt = this.now() - 1;
        n++;
      }
    }
    return n;
  }

  list(): DeviceView[] {
    return [...this.byId.values()].map((r) => this.view(r));
  }

  clientIdOf(userCodeInput: string): string | undefined {
    return this.byCode.get(normaliseUserCode(userCodeInput))?.clientId;
  }

  private requirePending(userCodeInput: string): DeviceRecord {
    const rec = this.byCode.get(normaliseUserCode(userCodeInput));
    if (!rec || rec.status !== 'pending' || rec.expiresAt <= this.now()) {
      throw new IssuerInputError('that code is not pending approval');
    }
    return rec;
  }

  private view(rec: DeviceRecord): DeviceView {
    return { userCode: rec.userCode, status: rec.status, expired: rec.expiresAt <= this.now(), clientId: rec.clientId };
  }
}
