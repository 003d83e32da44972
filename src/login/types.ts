/** What every sign-in flow is given: nothing here reads the real process. */
import type { LoginPolicy } from '../config/policy.js';
import type { Clock, Env, InStream, OutStream } from '../env.js';
export type { InStream, OutStream };
import type { FetchLike } from '../net/types.js';
import type { AuthDotJson, CredentialStore } from '../store/types.js';
import type { RevokePrevious } from './replace-credentials.js';


export interface FlowOptions {
  env: Env;
  now: Clock;
  stdout: OutStream;
  stderr: OutStream;
  /** The issuer (`--issuer` / `--experimental_issuer`); default https://auth.openai.com. */
  issuer: string;
  /** The OAuth client id (`--client-id` / `--experimental_client-id`). */
  clientId: string;
  store: CredentialStore;
  /** The strict-CA transport's fetch (login-flow client). */
  fetch: FetchLike;
  /** Aborted by the CLI on SIGINT: the flow stops, frees its port and rejects with the reason. */
  signal: AbortSignal;
  /** Forced workspaces (`forced_chatgpt_workspace_id`); undefined = unrestricted. */
  policy?: LoginPolicy;
  /** Revokes the credentials a successful sign-in replaced (best effort). */
  revokePrevious?: RevokePrevious;
  /** Random bytes (tests). */
  random?: (size: number) => Uint8Array;
}

export interface LoginResult {
  /** What was saved. */
  doc: AuthDotJson;
}
