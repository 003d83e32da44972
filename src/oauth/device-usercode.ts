/**
 * Device authorization request (the Codex variant of RFC 8628 §3.1–3.2; spec §6.2, observed §2.2):
 * `POST <issuer>/api/accounts/deviceauth/usercode` with JSON `{"client_id":...}`, no Codex headers.
 * Answer: `device_auth_id`, `user_code` (alias `usercode`), `interval` (seconds; the reference
 * accepts only a string — we also accept a JSON number; absent means 0).
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { CLIENT_ID, DEFAULT_ISSUER } from './constants.js';
import { statusLine } from './http-status.js';
import { jsonObject, requiredString } from './json-response.js';
import { readText, send } from './send.js';
import { deviceUserCodeUrl, deviceVerificationUrl } from './urls.js';

export interface UserCodeParams {
  fetch: FetchLike;
  /** Aborting ends the request (send.ts); the step rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Default https://auth.openai.com; a trailing `/` is ignored. */
  issuer?: string;
  clientId?: string;
}

export interface DeviceCode {
  deviceAuthId: string;
  userCode: string;
  /** Seconds between polls (0 = poll again at once). */
  intervalSeconds: number;
  /** `<issuer>/codex/device`, the page shown to the user. */
  verificationUrl: string;
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

/**
 * Rejects with `oauth.device_not_enabled` (404), `oauth.device_request_failed` (other non-2xx, or a
 * body that does not decode — message is serde's text) or `oauth.transport`.
 */
export async function requestUserCode(p: UserCodeParams): Promise<DeviceCode> {
  const issuer = p.issuer ?? DEFAULT_ISSUER;
  const res = await send({
    fetch: p.fetch,
    signal: p.signal,
    url: deviceUserCodeUrl(issuer),
    method: 'POST',
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ client_id: p.clientId ?? CLIENT_ID }),
  });
  const text = await readText(res, p.signal);
  if (res.status === 404) throw new CodexAuthError('oauth.device_not_enabled', OAUTH.deviceNotEnabled, { details: { status: 404 } });
  if (!res.ok) {
    throw new CodexAuthError('oauth.device_request_failed', OAUTH.deviceRequestFailed(statusLine(res.status)), {
      details: { status: res.status },
    });
  }
  try {
    const o = jsonObject(text, 'struct UserCodeResp');
    const deviceAuthId = requiredString(text, o, 'device_auth_id');
    const userCode = requiredString(text, o, 'user_code', 'usercode');
    return { deviceAuthId, userCode, intervalSeconds: parseInterval(o['interval']), verificationUrl: deviceVerificationUrl(issuer) };
  } catch (e) {
    if (e instanceof CodexAuthError) throw e;
    throw new CodexAuthError('oauth.device_request_failed', (e as Error).message, { details: { status: res.status } });
  }
}

/** `"2"`, `" 2 "` and `2` → 2; absent/null → 0; anything else is an error naming the value. */
export function parseInterval(v: unknown): number {
  if (v === undefined || v === null) return 0;
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (s !== undefined && /^\d+$/.test(s)) return Number(s);
  throw new CodexAuthError('oauth.device_request_failed', OAUTH.invalidInterval(JSON.stringify(v)));
}
