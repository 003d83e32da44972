/**
 * The workload identity session for an environment, or null when WIF is not selected. A selected
 * but invalid configuration gives a session whose every call fails with the configuration error
 * (fail-closed). The SPIFFE client (and gRPC) is loaded only when the SPIFFE source is used.
 */
import type { Clock, Env } from '../env.js';
import { isCodexAuthError, type CodexAuthError } from '../errors.js';
import { createExactClient, type ExactClient } from '../net/exact-request.js';
import { workloadConfig, type WorkloadConfig } from './config.js';
import { readAssertionFile } from './file-source.js';
import type { WorkloadPolicy } from './policy.js';
import { isWorkloadSelected } from './selection.js';
import { WorkloadSession } from './session.js';

export interface WorkloadOptions {
  env: Env;
  now: Clock;
  /** config `chatgpt_base_url` (selects production or staging; anything else is refused). */
  chatgptBaseUrl?: string;
  policy?: WorkloadPolicy;
  /** The exchange's HTTP client (default: our CA + proxy policy from `env`). */
  client?: ExactClient;
  /** The token endpoint instead of the routed one (library and tests only; the CLI has no override). */
  tokenUrl?: string;
  warn?: (message: string) => void;
}

/** A selected configuration, or the error it is refused with. */
export type WorkloadSetup = { ok: true; session: WorkloadSession } | { ok: false; error: CodexAuthError };

function assertionSource(config: WorkloadConfig): () => Promise<string> {
  const source = config.source;
  if (source.kind === 'file') return () => readAssertionFile(source.path);
  return async () => (await import('./spiffe-source.js')).fetchSvidAssertion(source);
}

export function createWorkloadSession(o: WorkloadOptions): WorkloadSetup | null {
  if (!isWorkloadSelected(o.env)) return null;
  let config: WorkloadConfig;
  try {
    config = workloadConfig(o.env, o.chatgptBaseUrl);
  } catch (e) {
    if (isCodexAuthError(e)) return { ok: false, error: e };
    throw e;
  }
  if (o.tokenUrl !== undefined) config = { ...config, tokenUrl: o.tokenUrl };
  const client = o.client ?? createExactClient({ env: o.env, ...(o.warn ? { warn: o.warn } : {}) });
  const session = new WorkloadSession({ config, now: o.now, client, assertion: assertionSource(config), ...(o.policy ? { policy: o.policy } : {}) });
  return { ok: true, session };
}
