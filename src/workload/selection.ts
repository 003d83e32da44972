/**
 * Whether workload identity federation (WIF) is selected (codex-0171-delta.md §1.1): any of these
 * variables *present*, even empty. `SPIFFE_ENDPOINT_SOCKET`, `OPENAI_WORKLOAD_IDENTITY_CONTEXT`
 * and `OPENAI_IDENTITY_TOKEN` alone do not select it. Once selected, WIF is fail-closed: a bad
 * configuration is an error, never a fallback to stored credentials.
 * Tiny on purpose: the CLI's quick path (src/cli/quick.ts) imports it to decline WIF.
 */
import type { Env } from '../env.js';

export const WORKLOAD_SELECTORS = [
  'OPENAI_FEDERATION_RULE_ID',
  'OPENAI_IDENTITY_TOKEN_FILE',
  'OPENAI_IDENTITY_TOKEN_SOURCE',
  'OPENAI_SPIFFE_AUDIENCE',
  'OPENAI_SPIFFE_ID',
] as const;

export function isWorkloadSelected(env: Env): boolean {
  for (const name of WORKLOAD_SELECTORS) if (env[name] !== undefined) return true;
  return false;
}
