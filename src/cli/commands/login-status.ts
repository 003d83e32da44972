// `codex-auth login status`: what is stored, without refreshing anything (observed §3, spec §9.1).
// Everything goes to stderr; exit 0 when logged in, 1 otherwise.
import { envValue } from '../../env.js';
import { isCodexAuthError } from '../../errors.js';
import { isStoredAuthAllowed, policyOf } from '../../config/policy.js';
import { STATUS } from '../../messages/status.js';
import type { AuthConfig } from '../../config/types.js';
import { loadCliConfig, type ConfigArgs } from '../config-args.js';
import type { CliIO } from '../io.js';
import { accessTokenStatusLine } from '../login-flows.js';
import { openConfiguredStore, storeAccess } from '../store-access.js';
import { storedStatus, type StoredStatus } from '../stored-status.js';
import { chosenProfile } from '../profile-arg.js';
import { isWorkloadSelected } from '../../workload/selection.js';

export interface LoginStatusOptions {
  io: CliIO;
  configArgs: ConfigArgs;
  /** `--json`: one JSON object on stdout (see jsonStatus); exit codes as without it. */
  json?: boolean;
  /** `--profile NAME`: a saved profile instead of the current login (CODEX_AUTH_PROFILE when absent). */
  profile?: string;
}

export async function run(opts: LoginStatusOptions): Promise<number> {
  const { io } = opts;
  const profile = await chosenProfile(io, opts.profile);
  if (profile === null) return 2;
  const loaded = await loadCliConfig(io, opts.configArgs);
  if (!loaded.ok) return loaded.exitCode;
  if (opts.json) return jsonStatus(io, loaded.config, profile);
  let status: Said;
  try {
    status = await statusOf(io, loaded.config, profile);
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    status = { kind: 'error', message: e.message };
  }
  switch (status.kind) {
    case 'lines':
      for (const l of status.lines) io.stderr.write(`${l}\n`);
      return 0;
    case 'notLoggedIn':
      io.stderr.write(`${STATUS.notLoggedIn}\n`);
      return 1;
    case 'error':
      io.stderr.write(`${STATUS.errorPrefix}${status.message}\n`);
      return 1;
  }
}

/** A status with an access token's line looked up. */
type Said = Exclude<StoredStatus, { kind: 'accessToken' }>;

/** What to say (spec §4.1 load precedence), an access token's line looked up (whoami, JWKS). */
async function statusOf(io: CliIO, config: AuthConfig, profile: string | undefined): Promise<Said> {
  const status = profile === undefined ? await storedOrEnvStatus(io, config) : await profileStatus(io, config, profile);
  if (status.kind !== 'accessToken') return status;
  return { kind: 'lines', lines: [await accessTokenStatusLine({ io, config, ...status.token })] };
}

async function storedOrEnvStatus(io: CliIO, config: AuthConfig): Promise<StoredStatus> {
  // Workload identity, once selected, wins over everything else and never falls back (fail-closed).
  if (isWorkloadSelected(io.env)) return { kind: 'lines', lines: [await (await import('../workload-status.js')).workloadStatusLine(io, config)] };
  // The ephemeral entry is empty in a fresh process; then CODEX_ACCESS_TOKEN (when ChatGPT-style
  // login is allowed); then the configured store.
  const envToken = envValue(io.env, 'CODEX_ACCESS_TOKEN')?.trim();
  if (envToken && isStoredAuthAllowed(policyOf(config), 'personalAccessToken')) {
    const kind = envToken.startsWith('at-') ? 'personalAccessToken' : 'agentIdentity';
    return { kind: 'accessToken', token: { kind, credential: envToken } };
  }
  // CODEX_AUTH_FLEET_URL: the fleet's login is what `token` and the library use (docs/fleet.md).
  if (envValue(io.env, 'CODEX_AUTH_FLEET_URL')) return (await import('../fleet-login-status.js')).fleetStatus(io, config);
  if (config.credentialsStore === 'ephemeral') return { kind: 'notLoggedIn' };
  const store = await openConfiguredStore(config, storeAccess(io));
  const doc = await store.load();
  return doc === null ? { kind: 'notLoggedIn' } : storedStatus(config, doc);
}

/** A saved profile's status (no refresh): what `login status` would say if it were the current login. */
async function profileStatus(io: CliIO, config: AuthConfig, name: string): Promise<StoredStatus> {
  const { openProfileContext } = await import('../profile-context.js');
  const { openParkedProfile } = await import('../../profiles/parked.js');
  const ctx = await openProfileContext(io, config);
  const store = await openParkedProfile(name, 'argument', ctx);
  const doc = await store.load();
  return doc === null ? { kind: 'notLoggedIn' } : storedStatus(config, doc);
}

/**
 * `login status --json` (ours; the official CLI has none): what the AuthManager would use, without
 * refreshing, as `{logged_in, mode, source, account_id, plan_type, email, expires_at, last_refresh,
 * store, codex_home, lock, lock_via}` on stdout. Exit 0 when logged in, 1 when not (or on an error, whose line
 * `Error checking login status: …` goes to stderr).
 */
async function jsonStatus(io: CliIO, config: AuthConfig, profile: string | undefined): Promise<number> {
  const { openAuthManager } = await import('../open-auth-manager.js');
  let manager;
  try {
    manager = await openAuthManager(io, config, profile);
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
      ...(profile !== undefined ? { profile } : {}),
      // How our file locks are taken here (README "Install"): e.g. {"lock":"flock","lock_via":"flock-cmd"}.
      ...(await (await import('../../store/lock-mechanism.js')).describeLocks()),
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
