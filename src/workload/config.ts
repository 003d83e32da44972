/**
 * The workload identity configuration from the environment, validated in the official order
 * (codex-0171-delta.md §1.1–1.2; the first failure wins). Throws CodexAuthError `workload.config`
 * with the official message. Call only when isWorkloadSelected(env).
 */
import { isAbsolute } from 'node:path';
import type { Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import { WORKLOAD } from '../messages/workload.js';
import { workloadTokenUrl } from './routing.js';
import { isValidSpiffeId, unixSocketPath } from './spiffe-id.js';

export type WorkloadSourceConfig =
  | { kind: 'file'; path: string }
  | { kind: 'spiffe'; socketPath: string; audience: string; spiffeId?: string };

export interface WorkloadConfig {
  /** OPENAI_FEDERATION_RULE_ID, trimmed. */
  ruleId: string;
  /** OPENAI_WORKLOAD_IDENTITY_CONTEXT, raw (sent whenever present, even empty). */
  context?: string;
  source: WorkloadSourceConfig;
  tokenUrl: string;
}

function configError(message: string): CodexAuthError {
  return new CodexAuthError('workload.config', message, { details: { transient: false } });
}

/** A required variable, trimmed: missing → `requires`, blank → `is invalid`. */
function required(env: Env, name: string): string {
  const raw = env[name];
  if (raw === undefined) throw configError(WORKLOAD.requires(name));
  const v = raw.trim();
  if (v === '') throw configError(WORKLOAD.invalidVariable(name));
  return v;
}

function fileSource(env: Env): WorkloadSourceConfig {
  if (env['OPENAI_SPIFFE_AUDIENCE'] !== undefined || env['OPENAI_SPIFFE_ID'] !== undefined) throw configError(WORKLOAD.spiffeSettingsInFileMode);
  const path = env['OPENAI_IDENTITY_TOKEN_FILE'];
  if (path === undefined) throw configError(WORKLOAD.requires('OPENAI_IDENTITY_TOKEN_FILE'));
  if (path === '' || !isAbsolute(path)) throw configError(WORKLOAD.fileNotAbsolute);
  return { kind: 'file', path };
}

function spiffeSource(env: Env): WorkloadSourceConfig {
  if (env['OPENAI_IDENTITY_TOKEN_FILE'] !== undefined) throw configError(WORKLOAD.spiffeWithFile);
  const endpoint = required(env, 'SPIFFE_ENDPOINT_SOCKET');
  const audience = required(env, 'OPENAI_SPIFFE_AUDIENCE');
  const socketPath = unixSocketPath(endpoint);
  if (socketPath === undefined) throw configError(WORKLOAD.socketUriInvalid);
  const spiffeId = env['OPENAI_SPIFFE_ID'];
  if (spiffeId !== undefined && !isValidSpiffeId(spiffeId)) throw configError(WORKLOAD.spiffeIdInvalid);
  return { kind: 'spiffe', socketPath, audience, ...(spiffeId !== undefined ? { spiffeId } : {}) };
}

export function workloadConfig(env: Env, chatgptBaseUrl: string | undefined): WorkloadConfig {
  const ruleId = required(env, 'OPENAI_FEDERATION_RULE_ID');
  const kind = env['OPENAI_IDENTITY_TOKEN_SOURCE'] ?? 'file';
  if (kind !== 'file' && kind !== 'spiffe') throw configError(WORKLOAD.sourceInvalid);
  const source = kind === 'file' ? fileSource(env) : spiffeSource(env);
  const tokenUrl = workloadTokenUrl(chatgptBaseUrl);
  if (tokenUrl === undefined) throw configError(WORKLOAD.untrustedRouting);
  const context = env['OPENAI_WORKLOAD_IDENTITY_CONTEXT'];
  return { ruleId, ...(context !== undefined ? { context } : {}), source, tokenUrl };
}
