/**
 * Which OAuth client id a step sends (codex-cli-observed.md §3, §4; codex-auth-spec.md §4).
 */
import type { Env } from '../env.js';
import { CLIENT_ID } from './constants.js';

function nonBlank(v: string | undefined | null): string | undefined {
  return v !== undefined && v !== null && v.trim() !== '' ? v : undefined;
}

/** Refresh: the provenance client id, else CODEX_APP_SERVER_LOGIN_CLIENT_ID (non-blank), else the built-in one. */
export function refreshClientId(env: Env, provenanceClientId?: string | null): string {
  return nonBlank(provenanceClientId) ?? nonBlank(env['CODEX_APP_SERVER_LOGIN_CLIENT_ID']) ?? CLIENT_ID;
}

/** Revoke: never the provenance one (observed §3); CODEX_APP_SERVER_LOGIN_CLIENT_ID when non-blank. */
export function revokeClientId(env: Env): string {
  return nonBlank(env['CODEX_APP_SERVER_LOGIN_CLIENT_ID']) ?? CLIENT_ID;
}
