/** The fleet's failures as CodexAuthErrors, and which of them retrying cannot fix. */
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { FLEET } from '../messages/fleet.js';

export function needsPushError(name: string, reason: string | undefined): CodexAuthError {
  return new CodexAuthError('fleet.needs_push', FLEET.needsPush(name, reason ?? 'unknown reason'));
}

export function notLoggedInError(name: string): CodexAuthError {
  return new CodexAuthError('fleet.not_logged_in', FLEET.notLoggedIn(name));
}

/** Connection failures that prove the request never reached the issuer (so nothing was spent). */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function definitelyNotSent(e: unknown): boolean {
  for (let c: unknown = e, i = 0; c && i < 6; c = (c as { cause?: unknown }).cause, i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT.has(code)) return true;
    const errors = (c as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0 && errors.every((x) => NOT_SENT.has((x as { code?: string }).code ?? ''))) return true;
  }
  return false;
}

/** The fleet cannot serve until someone pushes a login: retrying cannot fix it. */
export function isFleetPermanent(e: unknown): e is CodexAuthError {
  return isCodexAuthError(e, 'fleet.needs_push') || isCodexAuthError(e, 'fleet.not_logged_in') || isCodexAuthError(e, 'fleet.not_fleet_token') || isCodexAuthError(e, 'fleet.key_mismatch');
}
