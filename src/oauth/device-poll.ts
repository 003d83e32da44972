/**
 * One device access token poll (the Codex variant of RFC 8628 §3.4–3.5; spec §6.2, observed §2.2):
 * `POST <issuer>/api/accounts/deviceauth/token` with JSON `{"device_auth_id","user_code"}`, no
 * Codex headers. 403/404 mean "not yet"; 2xx carries the authorization code and the PKCE pair the
 * server made. The caller owns the loop (sleep `interval`, give up after 15 minutes with
 * `deviceTimeoutError()`).
 */
import { CodexAuthError } from '../errors.js';
import { OAUTH } from '../messages/oauth.js';
import type { FetchLike } from '../net/types.js';
import { DEFAULT_ISSUER } from './constants.js';
import { JSON_HEADERS } from './device-usercode.js';
import { statusLine } from './http-status.js';
import { jsonObject, requiredString } from './json-response.js';
import { readText, send } from './send.js';
import { deviceTokenUrl } from './urls.js';

export interface DevicePollParams {
  fetch: FetchLike;
  /** Aborting ends the request (send.ts); the step rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  issuer?: string;
  deviceAuthId: string;
  userCode: string;
}

export type DevicePollResult =
  | { status: 'pending' }
  | { status: 'authorized'; authorizationCode: string; codeChallenge: string; codeVerifier: string };

/** Rejects with `oauth.device_auth_failed` (other statuses, or an undecodable 2xx) or `oauth.transport`. */
export async function pollDeviceToken(p: DevicePollParams): Promise<DevicePollResult> {
  const res = await send({
    fetch: p.fetch,
    signal: p.signal,
    url: deviceTokenUrl(p.issuer ?? DEFAULT_ISSUER),
    method: 'POST',
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ device_auth_id: p.deviceAuthId, user_code: p.userCode }),
  });
  const text = await readText(res, p.signal);
  if (res.status === 403 || res.status === 404) return { status: 'pending' };
  if (!res.ok) {
    throw new CodexAuthError('oauth.device_auth_failed', OAUTH.deviceAuthFailed(statusLine(res.status)), {
      details: { status: res.status },
    });
  }
  try {
    const o = jsonObject(text, 'struct CodeSuccessResp');
    return {
      status: 'authorized',
      authorizationCode: requiredString(text, o, 'authorization_code'),
      codeChallenge: requiredString(text, o, 'code_challenge'),
      codeVerifier: requiredString(text, o, 'code_verifier'),
    };
  } catch (e) {
    throw new CodexAuthError('oauth.device_auth_failed', (e as Error).message, { details: { status: res.status } });
  }
}

/** The error the polling loop raises once 15 minutes have passed (spec §6.2). */
export function deviceTimeoutError(): CodexAuthError {
  return new CodexAuthError('oauth.device_timeout', OAUTH.deviceTimeout);
}
