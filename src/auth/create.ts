/**
 * `createAuthManager(options)`: the library's entry point. Everything is injectable (env, clock,
 * CODEX_HOME, store, transport/fetch, lock, warn); the defaults are the real ones: the configured
 * CODEX_HOME, the file store, the shared transport (CA + proxy policy of net/), real flock(2).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { envValue, systemClock, type Clock, type Env } from '../env.js';
import { CodexAuthError } from '../errors.js';
import type { AuthConfig } from '../config/types.js';
import type { FetchLike, Transport } from '../net/types.js';
import type { CredentialStore, StoreKind } from '../store/types.js';
import { configureLocks, lockSettings } from '../store/lock-config.js';
import { AUTH } from '../messages/auth.js';
import { refreshEndpointFor } from './endpoints.js';
import { AuthManager, type AuthManagerDeps } from './manager.js';
import { oauthRefresh, oauthRevoke, oauthVerifyAgentJwt, oauthWhoami } from './oauth-calls.js';
import { registerAgentTask } from './agent-task.js';
import { policyOf, type LoginPolicy } from '../config/policy.js';
import { REFRESH_LOCK, refreshLockPathFor } from './refresh-lock-path.js';
import type { WithLock } from './refresh-types.js';
import { fileSpentNote } from './spent-note.js';
import { isWorkloadSelected } from '../workload/selection.js';
import { refusedHostCredentials, type HostCredentials } from './workload-auth.js';

export { policyOf };

/** Our cross-process refresh lock (a separate file from the official binary's commit locks). */
export { REFRESH_LOCK } from './refresh-lock-path.js';
/** The official binary's outer commit lock. */
export const COMMIT_LOCK = 'auth.lock';

export interface CreateAuthManagerOptions {
  /** Environment (default: a copy of `process.env`). */
  env?: Env;
  /** Clock in ms (default `Date.now`). */
  now?: Clock;
  /** CODEX_HOME (default: `$CODEX_HOME` resolved like the reference, else `~/.codex`). */
  codexHome?: string;
  /** The credential store, or its kind (default: `cli_auth_credentials_store` of config.toml, else `file`). */
  store?: CredentialStore | StoreKind;
  /** The process's ephemeral store (host-supplied credentials), consulted first (default: the store's process-wide one for this CODEX_HOME). */
  ephemeral?: CredentialStore;
  /** Transport for every request (default: createTransport({ env, strictCa: false })). */
  transport?: Transport;
  /** A fetch to use instead of the transport's (tests, custom agents). */
  fetch?: FetchLike;
  /**
   * Login policy: forced method and allowed workspaces (forbidden credentials read as "not logged
   * in"). Default: `forced_login_method` / `forced_chatgpt_workspace_id` of config.toml.
   */
  policy?: LoginPolicy;
  /** config `chatgpt_base_url` (Agent Identity JWKS location; default https://chatgpt.com/backend-api/). */
  chatgptBaseUrl?: string;
  /** Honour `CODEX_API_KEY` first (as `codex exec` does). Default false. */
  enableCodexApiKeyEnv?: boolean;
  /** Warnings (failed proactive refresh, failed revoke). Default: ignored. */
  warn?: (message: string) => void;
  /** Cross-process lock (default: store/flock.ts — flock(2), taken as docs/locks.md says). */
  withLock?: WithLock;
  /** How long getAuth() may wait for another process's refresh (default 60 s). */
  refreshLockTimeoutMs?: number;
  /** How long one refresh request may take (default 30 s). */
  requestTimeoutMs?: number;
  /** How long to look for the winner's token after `refresh_token_reused` (default 3 s). */
  reuseGraceMs?: number;
  /** Revoke timeout on logout (default 10 s). */
  revokeTimeoutMs?: number;
  /**
   * A saved profile (`codex-auth profile save NAME`) to use instead of the current login, refreshed
   * in place when due (default: `CODEX_AUTH_PROFILE` of `env`, else the current login).
   */
  profile?: string;
  /**
   * Workload identity federation (codex-0171-delta.md §1): by default it is used when `env`
   * selects it (OPENAI_FEDERATION_RULE_ID, OPENAI_IDENTITY_TOKEN_FILE, ...). `false` ignores it;
   * a HostCredentials object replaces it.
   */
  workload?: HostCredentials | false;
  /** The workload identity token endpoint instead of the one `chatgpt_base_url` routes to (test issuers). */
  workloadTokenUrl?: string;
}

/** The workload identity source `env` selects, or undefined (src/workload/ is loaded only then). */
async function workloadFrom(env: Env, now: Clock, policy: LoginPolicy | undefined, chatgptBaseUrl: string | undefined, tokenUrl: string | undefined, warn: (m: string) => void): Promise<HostCredentials | undefined> {
  if (!isWorkloadSelected(env)) return undefined;
  const { createWorkloadSession } = await import('../workload/create.js');
  const setup = createWorkloadSession({ env, now, warn, ...(policy ? { policy } : {}), ...(chatgptBaseUrl ? { chatgptBaseUrl } : {}), ...(tokenUrl ? { tokenUrl } : {}) });
  if (!setup) return undefined;
  return setup.ok ? setup.session : refusedHostCredentials('file', setup.error);
}

async function defaultCodexHome(env: Env): Promise<string> {
  const { codexHomeFromEnv } = await import('../store/codex-home.js');
  return codexHomeFromEnv(env, homedir);
}

async function configFrom(codexHome: string): Promise<AuthConfig> {
  const { loadConfig } = await import('../config/load.js');
  return loadConfig({ codexHome });
}

async function openStore(kind: StoreKind, codexHome: string, env: Env, warn: (m: string) => void): Promise<CredentialStore> {
  const { createStore } = await import('../store/create-store.js');
  return createStore({ kind, codexHome, env, warn });
}

async function flockWithLock(): Promise<WithLock> {
  const { withFlock } = await import('../store/flock.js');
  return (path, fn, o) =>
    withFlock(path, o.mode ?? 0o600, fn, {
      timeoutMs: o.timeoutMs,
      onTimeout: () => new CodexAuthError('auth.refresh_lock_timeout', AUTH.refreshLockTimeout(path, Math.round(o.timeoutMs / 1000))),
    });
}

export async function createAuthManager(options: CreateAuthManagerOptions = {}): Promise<AuthManager> {
  const env: Env = options.env ?? { ...process.env };
  const now = options.now ?? systemClock;
  const warn = options.warn ?? (() => {});
  // A host that set no lock notice of its own hears through `warn` that its locks cannot exclude the official binary.
  if (options.warn && !lockSettings.notice) configureLocks({ notice: options.warn });
  const codexHome = options.codexHome ?? (await defaultCodexHome(env));
  // Whatever the caller did not say comes from config.toml, as for the official CLI.
  const config = options.store === undefined || options.policy === undefined ? await configFrom(codexHome) : undefined;
  const store =
    typeof options.store === 'object'
      ? options.store
      : await openStore(options.store ?? config?.credentialsStore ?? 'file', codexHome, env, warn);
  const profileName = options.profile ?? envValue(env, 'CODEX_AUTH_PROFILE');
  const lockPath = store.kind === 'file' || store.kind === 'auto' ? () => refreshLockPathFor(codexHome) : join(codexHome, REFRESH_LOCK);
  const parked = profileName === undefined ? undefined : await (await import('../profiles/parked.js')).openParkedProfile(profileName, options.profile === undefined ? 'env' : 'argument', {
    codexHome, kind: store.kind, store, env, now, warn, refreshLock: typeof lockPath === 'string' ? lockPath : await lockPath(),
  });
  const policy = options.policy ?? (config ? policyOf(config) : undefined);
  const chatgptBaseUrl = options.chatgptBaseUrl ?? config?.chatgptBaseUrl;
  // Our own transport is created on the first request, not here: a command that only reads the
  // stored token (`codex-auth token`) never loads net/ (node:tls, http, https) nor builds one.
  const given = options.transport;
  let owned: Promise<Transport> | undefined;
  /** The transport once created: later requests call it directly instead of awaiting `owned`. */
  let ownedNow: Transport | undefined;
  let closed = false;
  const ownTransport = (): Promise<Transport> =>
    (owned ??= import('../net/transport.js').then(async ({ createTransport }) => {
      const t = createTransport({ env, strictCa: false, warn });
      if (closed) await t.close(); // after manager.close(): requests reject with net.closed, as before
      return (ownedNow = t);
    }));
  const ownsTransport = !given && !options.fetch;
  const transport: Pick<Transport, 'fetch' | 'openWebSocket'> | undefined =
    given ??
    (ownsTransport
      ? {
          fetch: (input, init) => (ownedNow ? ownedNow.fetch(input, init) : ownTransport().then((t) => t.fetch(input, init))),
          openWebSocket: async (url, o) => (await ownTransport()).openWebSocket(url, o),
        }
      : undefined);
  const fetch: FetchLike = options.fetch ?? (transport as Transport).fetch;
  // CODEX_AUTH_FLEET_URL: the fleet's login instead of the local store (docs/fleet.md), unless
  // the caller handed us a store of its own or named a profile.
  const fleet =
    !parked && typeof options.store !== 'object' && envValue(env, 'CODEX_AUTH_FLEET_URL') !== undefined
      ? await (await import('./fleet-source.js')).openFleetSource({ env, now, fetch, codexHome, onPause: (l) => warn(l.trimEnd()) })
      : undefined;
  const baseLock = options.withLock ?? (await flockWithLock());
  const workload = options.workload === false ? undefined : (options.workload ?? (await workloadFrom(env, now, policy, chatgptBaseUrl, options.workloadTokenUrl, warn)));
  const deps: AuthManagerDeps = {
    // A profile names its credentials: CODEX_ACCESS_TOKEN / CODEX_API_KEY and the ephemeral entry do not replace them.
    env: parked ? { ...env, CODEX_ACCESS_TOKEN: undefined, CODEX_API_KEY: undefined } : env,
    now,
    store: parked ?? fleet?.store ?? store,
    ephemeral: parked ? (await import('../profiles/parked.js')).NO_EPHEMERAL : (options.ephemeral ?? (store.kind === 'ephemeral' ? store : await openStore('ephemeral', codexHome, env, warn))),
    fetch,
    ...(transport ? { openWebSocket: transport.openWebSocket.bind(transport) } : {}),
    withLock: parked ? parked.withLock(baseLock) : (fleet?.withLock ?? baseLock),
    // The note lives in the flock file; a caller-supplied lock may not be a file at all.
    ...(options.withLock || parked || fleet ? {} : { spentNote: fileSpentNote }),
    // Stores that read auth.json follow a symlinked one to its target (refresh-lock-path.ts);
    // keyring entries are per CODEX_HOME. A profile: its own lock (then this one: profiles/parked.ts).
    refreshLockPath: parked ? parked.lockPath : lockPath,
    commitLockPath: join(codexHome, COMMIT_LOCK),
    refreshTokens: fleet?.refreshTokens ?? oauthRefresh(fetch, env),
    refreshEndpoint: refreshEndpointFor(env),
    revoke: parked ? parked.refuseRevoke : (fleet?.revoke ?? oauthRevoke(fetch, env)),
    whoami: oauthWhoami(fetch, env),
    registerAgentTask: (agent) => registerAgentTask({ fetch, env, now, agent }),
    verifyAgentJwt: oauthVerifyAgentJwt(fetch, env, now, chatgptBaseUrl),
    ...(policy ? { policy } : {}),
    ...(options.enableCodexApiKeyEnv !== undefined ? { enableCodexApiKeyEnv: options.enableCodexApiKeyEnv } : {}),
    warn,
    ...(options.refreshLockTimeoutMs !== undefined ? { refreshLockTimeoutMs: options.refreshLockTimeoutMs } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : fleet ? { requestTimeoutMs: fleet.maxWaitMs } : {}),
    ...(options.reuseGraceMs !== undefined ? { reuseGraceMs: options.reuseGraceMs } : {}),
    ...(options.revokeTimeoutMs !== undefined ? { revokeTimeoutMs: options.revokeTimeoutMs } : {}),
    ...(workload ? { workload } : {}),
    ...(ownsTransport || parked || fleet ? {
          onClose: async () => {
            await parked?.settled();
            await fleet?.close();
            closed = true;
            if (ownsTransport && owned) await (await owned).close();
          },
        } : {}),
  };
  const manager = new AuthManager(deps);
  if (parked) manager.on('reauthRequired', () => parked.noteReauthRequired());
  return manager;
}
