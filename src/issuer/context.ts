// The issuer's state, built once at start and shared by every route.
import { AccountDirectory, DEFAULT_ACCOUNTS } from './accounts.js';
import { AgentIdentityService } from './agent-identity.js';
import { validateCodings, type IssuerCoding } from './compression.js';
import { CodeStore } from './codes.js';
import { DeviceStore } from './device.js';
import { IssuerInputError } from './errors.js';
import { FaultTable } from './faults.js';
import { FederationRules } from './federation.js';
import { createSigner, type JwtSigner } from './jwks.js';
import { PatStore } from './pats.js';
import { fingerprint, RequestLog } from './request-log.js';
import { TokenService } from './tokens.js';
import type { IssuerClock, IssuerOptions } from './types.js';

/** The Codex CLI's OAuth client id. */
export const CODEX_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';

/** The redirect URIs the Codex CLI's login server uses (ports 1455 and 1457, both host spellings). */
export const CODEX_REDIRECT_URIS = [1455, 1457].flatMap((port) =>
  ['127.0.0.1', 'localhost'].map((host) => `http://${host}:${port}/auth/callback`),
);

export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  codeChallenge: string;
  scope: string;
  nonce: string | undefined;
  addOrganizations: boolean;
  allowedWorkspaces: string[];
  expiresAt: number;
}

export interface IssuerContext {
  /** The base URL, e.g. `http://127.0.0.1:43123` (no trailing slash). Set once listening. */
  baseUrl: () => string;
  now: IssuerClock;
  accounts: AccountDirectory;
  clientIds: Set<string>;
  redirectUris: Set<string>;
  signer: JwtSigner;
  /** The agent-identity key, generated on first use (RSA key generation is slow). */
  agentSigner: () => Promise<JwtSigner>;
  tokens: TokenService;
  codes: CodeStore;
  device: DeviceStore;
  pats: PatStore;
  agents: AgentIdentityService;
  faults: FaultTable;
  /** Workload identity federation rules (the jwt-bearer grant). */
  federation: FederationRules;
  log: RequestLog;
  pending: Map<string, PendingAuthorization>;
  adminEnabled: boolean;
  settings: { accessTokenTtlSeconds: number; compression: IssuerCoding[] };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new IssuerInputError(`${name} must be a positive number of seconds`);
  return value;
}

export async function createContext(options: IssuerOptions, baseUrl: () => string): Promise<IssuerContext> {
  const now = options.now ?? (() => Date.now());
  const accessTokenTtlSeconds = positive('accessTokenTtlSeconds', options.accessTokenTtlSeconds, 3600);
  const refreshSeconds = positive('refreshTokenTtlSeconds', options.refreshTokenTtlSeconds, 30 * 24 * 3600);
  const codeTtl = positive('codeTtlSeconds', options.codeTtlSeconds, 60);
  const deviceTtl = positive('deviceCodeTtlSeconds', options.deviceCodeTtlSeconds, 900);
  const interval = options.deviceIntervalSeconds ?? 5;
  if (!Number.isInteger(interval) || interval < 0) throw new IssuerInputError('deviceIntervalSeconds must be a whole number of seconds (0 or more)');
  for (const uri of options.redirectUris ?? []) {
    try {
      new URL(uri);
    } catch {
      throw new IssuerInputError(`redirect URI "${uri}" is not an absolute URL`);
    }
  }
  const accounts = new AccountDirectory(options.accounts ?? DEFAULT_ACCOUNTS);
  if (accounts.list().length === 0) throw new IssuerInputError('the issuer needs at least one account');
  const signer = await createSigner(now, options.signingKey);
  let agentKey: Promise<JwtSigner> | undefined;
  const agentSigner = () => (agentKey ??= createSigner(now, options.agentIdentityKey));
  if (options.agentIdentityKey) await agentSigner();
  const settings = { accessTokenTtlSeconds, compression: validateCodings(options.compression ?? [], 'compression') };
  const codes = new CodeStore(now, codeTtl);
  const tokens = new TokenService(
    signer,
    baseUrl,
    now,
    {
      get accessSeconds() {
        return settings.accessTokenTtlSeconds;
      },
      refreshSeconds,
    },
    fingerprint,
  );
  return {
    baseUrl,
    now,
    accounts,
    clientIds: new Set(options.clientIds ?? [CODEX_CLIENT_ID]),
    redirectUris: new Set([...CODEX_REDIRECT_URIS, ...(options.redirectUris ?? [])]),
    signer,
    agentSigner,
    tokens,
    codes,
    device: new DeviceStore(now, deviceTtl, interval, codes, () => `${baseUrl()}/deviceauth/callback`),
    pats: new PatStore(now),
    agents: new AgentIdentityService(agentSigner, now),
    faults: new FaultTable(),
    federation: new FederationRules(accounts, signer, baseUrl, now),
    log: new RequestLog(),
    pending: new Map(),
    adminEnabled: options.admin ?? false,
    settings,
  };
}
