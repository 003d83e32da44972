// `codex-auth login status`: what is stored, without refreshing anything (observed §3, spec §9.1).
// Everything goes to stderr; exit 0 when logged in, 1 otherwise.
import { envValue } from '../../env.js';
import { isCodexAuthError } from '../../errors.js';
import { isStoredAuthAllowed } from '../../config/policy.js';
import { STATUS } from '../../messages/status.js';
import type { AuthConfig } from '../../config/types.js';
import { loadCliConfig, type ConfigArgs } from '../config-args.js';
import type { CliIO } from '../io.js';
import { accessTokenStatusLine } from '../login-flows.js';
import { openConfiguredStore, storeAccess } from '../store-access.js';
import { StatusError, storedStatus } from '../stored-status.js';
import { isWorkloadSelected } from '../../workload/selection.js';

export interface LoginStatusOptions {
  io: CliIO;
  configArgs: ConfigArgs;
  /** `--json`: one JSON object on stdout (see jsonStatus); exit codes as without it. */
  json?: boolean;
}

export async function run(opts: LoginStatusOptions): Promise<number> {
  const { io } = opts;
  const loaded = await loadCliConfig(io, opts.configArgs);
  if (!loaded.ok) return loaded.exitCode;
  if (opts.json) return jsonStatus(io, loaded.config);
  try {
    const lines = await statusLines(io, loaded.config);
    if (lines === null) {
      io.stderr.write(`${STATUS.notLoggedIn}\n`);
      return 1;
    }
    for (const l of lines) io.stderr.write(`${l}\n`);
    return 0;
  } catch (e) {
    if (!isCodexAuthError(e) && !(e instanceof StatusError)) throw e;
    io.stderr.write(`${STATUS.errorPrefix}${(e as Error).message}\n`);
    return 1;
  }
}

/** The lines to print, or null for "Not logged in". Throws for `Error checking login status: …`. */
async function statusLines(io: CliIO, config: AuthConfig): Promise<string[] | null> {
  // Workload identity, once selected, wins over everything else and never falls back (fail-closed).
  if (isWorkloadSelected(io.env)) return [await (await import('../workload-status.js')).workloadStatusLine(io, config)];
  // Load precedence (spec §4.1): the ephemeral entry is empty in a fresh process; then
  // CODEX_ACCESS_TOKEN (when ChatGPT-style login is allowed); then the configured store.
  const envToken = envValue(io.env, 'CODEX_ACCESS_TOKEN')?.trim();
  if (envToken && isStoredAuthAllowed(config, 'personalAccessToken')) {
    const kind = envToken.startsWith('at-') ? 'personalAccessToken' : 'agentIdentity';
    return [await accessTokenStatusLine({ io, config, kind, credential: envToken })];
  }
  if (config.credentialsStore === 'ephemeral') return null;
  const store = await openConfiguredStore(config, storeAccess(io));
  const doc = await store.load();
  if (doc === null) return null;
  const status = storedStatus(config, doc);
  if (status === null || Array.isArray(status)) return status;
  return [await accessTokenStatusLine({ io, config, ...status })];
}

/**
 * `login status --json` (ours; the official CLI has none): what the AuthManager would use, without
 * refreshing, as `{logged_in, mode, source, account_id, plan_type, email, expires_at, last_refresh,
 * store, codex_home}` on stdout. Exit 0 when logged in, 1 when not (or on an error, whose line
 * `Error checking login status: …` goes to stderr).
 */
async function jsonStatus(io: CliIO, config: AuthConfig): Promise<number> {
  const { openAuthManager } = await import('../auth-manager.js');
  let manager;
  try {
    manager = await openAuthManager(io, config);
    const info = await manager.reload(); // resolves the credentials; never refreshes
    const out = {
      logged_in: info !== null,
      mode: info?.mode ?? null,
      source: info?.source ?? null,
      ...(info?.workloadSource ? { workload_source: info.workloadSource } : {}),
      account_id: info?.accountId ?? null,
      plan_type: info?.planType ?? null,
      email: info?.email ?? null,
      expires_at: info?.expiresAt?.toISOString() ?? null,
      last_refresh: info?.lastRefresh?.toISOString() ?? null,
      store: config.credentialsStore,
      codex_home: config.codexHome,
    };
    io.stdout.write(`${JSON.stringify(out)}\n`);
    return info ? 0 : 1;
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${STATUS.errorPrefix}${e.message}\n`);
    return 1;
  } finally {
    await manager?.close();
  }
}
