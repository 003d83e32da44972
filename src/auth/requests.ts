/**
 * What a signed request (fetch.ts, websocket.ts) needs from the AuthManager: a narrow interface
 * the manager implements privately, so requests never call back into the manager class itself
 * (no import cycle, no `@internal` members).
 */
import type { Clock, Env } from '../env.js';
import type { FetchLike, Transport } from '../net/types.js';
import type { ResolvedAuth } from './load.js';

export interface RequestCredentials {
  /**
   * The credentials to sign with when getAuth() would only hand them back (loaded, nothing unsaved
   * to retry, no proactive refresh due); undefined otherwise (then use require()). Synchronous, so
   * a request with valid credentials waits on nothing before it is sent.
   */
  ready(): ResolvedAuth | undefined;
  /** The credentials after any due refresh; rejects with `auth.not_logged_in` when there are none. */
  require(signal?: AbortSignal): Promise<ResolvedAuth>;
  /**
   * Runs the 401 recovery (recovery.ts) until a step changes the credentials. Resolves true when a
   * retry may succeed; false when recovery is over.
   */
  recover(signal?: AbortSignal): Promise<boolean>;
}

/** The environment a signed request is sent in. */
export interface RequestContext {
  env: Env;
  now: Clock;
  fetch: FetchLike;
  openWebSocket?: Transport['openWebSocket'] | undefined;
}
