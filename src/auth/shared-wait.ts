/**
 * A caller's wait on work other callers share: the one place where an AbortSignal ends a wait
 * rather than a request. Every request of a single caller takes its signal itself (oauth/send.ts);
 * the manager's load and the coordinator's refresh are joined by every concurrent caller, and the
 * refresh must not be cut off once sent (the issuer may already have rotated the refresh token:
 * its answer is still awaited and saved, docs/library.md "Refresh design"). So one caller's abort
 * ends that caller's wait with `auth.aborted`, and the shared work carries on for the others.
 */
import { CodexAuthError } from '../errors.js';
import { AUTH } from '../messages/auth.js';

export function waitShared<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function abortError(signal: AbortSignal): CodexAuthError {
  return new CodexAuthError('auth.aborted', AUTH.aborted, { cause: signal.reason });
}
