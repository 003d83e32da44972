// The admin API: create accounts and tokens, read the request log, expire or revoke tokens, inject
// faults. In process it is the `admin` handle returned by startIssuer; over HTTP it lives under
// /admin/ (JSON), only when enabled and only for loopback callers.
import type { IssuerContext } from './context.js';
import { IssuerInputError } from './errors.js';
import { field, json, type IssuerRequest, type IssuerResponse } from './http.js';
import type { FamilyView, TokenResponse } from './tokens.js';
import type { Account, AccountSpec, FaultSpec, RequestLogEntry } from './types.js';
import type { DeviceView } from './device.js';
import type { FederationRuleSpec, FederationRuleView } from './federation.js';

export interface MintTokensInput {
  /** Email or user id. */
  account: string;
  workspace?: string;
  clientId?: string;
  /** Lifetime of this first access token (e.g. < 300 s to make a client refresh at once). */
  accessTokenTtlSeconds?: number;
  scope?: string;
}

export interface MintedTokens extends TokenResponse {
  family_id: string;
  account_id: string;
}

export interface IssuerAdmin {
  accounts(): Account[];
  addAccount(spec: AccountSpec): Account;
  /** Starts a token family for an account as if it had signed in. */
  mintTokens(input: MintTokensInput): Promise<MintedTokens>;
  family(familyIdOrRefreshToken: string): FamilyView;
  families(): FamilyView[];
  revokeFamily(familyIdOrRefreshToken: string): void;
  /** Makes a refresh token, or all of a family's, expired now. */
  expireRefreshToken(familyIdOrRefreshToken: string): void;
  mintPersonalAccessToken(input: { account: string; workspace?: string; ttlSeconds?: number }): string;
  revokePersonalAccessToken(token: string): void;
  expirePersonalAccessToken(token: string): void;
  mintAgentIdentity(input: { account: string; workspace?: string; ttlSeconds?: number }): Promise<{ jwt: string; agentRuntimeId: string }>;
  agentTasks(agentRuntimeId: string): string[];
  deviceCodes(): DeviceView[];
  /** Expires one device code (or every pending one); returns how many. */
  expireDeviceCodes(userCode?: string): number;
  expireAuthorizationCodes(): number;
  requests(filter?: { path?: string; method?: string }): RequestLogEntry[];
  clearRequests(): void;
  addFault(spec: FaultSpec): number;
  clearFaults(id?: number): void;
  faults(): Array<FaultSpec & { id: number; remaining: number | null }>;
  /** Lifetime of access tokens issued from now on. */
  setAccessTokenTtl(seconds: number): void;
  /** Workload identity federation: trust an external issuer's JWTs for an account. */
  addFederationRule(spec: FederationRuleSpec): FederationRuleView;
  federationRules(): FederationRuleView[];
  removeFederationRule(id: string): boolean;
  /** Registers one more redirect URI (e.g. a callback server's ephemeral port, once it is bound). */
  addRedirectUri(uri: string): void;
}

export function createAdmin(ctx: IssuerContext): IssuerAdmin {
  const familyId = (key: string): string => {
    if (key.startsWith('fam_')) return key;
    const id = ctx.tokens.familyIdOf(key);
    if (!id) throw new IssuerInputError('unknown refresh token or family id');
    return id;
  };
  return {
    accounts: () => ctx.accounts.list(),
    addAccount: (spec) => ctx.accounts.add(spec),
    async mintTokens(input) {
      const { account, workspace } = ctx.accounts.resolve(String(input.account ?? ''), input.workspace);
      const clientId = input.clientId ?? [...ctx.clientIds][0]!;
      if (!ctx.clientIds.has(clientId)) throw new IssuerInputError(`client id "${clientId}" is not registered`);
      if (input.accessTokenTtlSeconds !== undefined && !(input.accessTokenTtlSeconds > 0)) {
        throw new IssuerInputError('accessTokenTtlSeconds must be a positive number');
      }
      const { familyId: id, tokens } = await ctx.tokens.startFamily(
        { account, workspace, clientId, scope: input.scope ?? 'openid profile email offline_access api.connectors.read api.connectors.invoke' },
        input.accessTokenTtlSeconds,
      );
      return { ...tokens, family_id: id, account_id: workspace.id };
    },
    family: (key) => ctx.tokens.describe(familyId(key)),
    addRedirectUri: (uri) => {
      try {
        new URL(uri);
      } catch {
        throw new IssuerInputError('redirect URI is not a URL');
      }
      ctx.redirectUris.add(uri);
    },
    families: () => ctx.tokens.listFamilies(),
    revokeFamily: (key) => ctx.tokens.revokeFamily(familyId(key), 'admin'),
    expireRefreshToken: (key) =>
      key.startsWith('fam_') ? ctx.tokens.expire({ familyId: key }) : ctx.tokens.expire({ refreshToken: key }),
    mintPersonalAccessToken(input) {
      const { account, workspace } = ctx.accounts.resolve(String(input.account ?? ''), input.workspace);
      return ctx.pats.mint(account, workspace, input.ttlSeconds);
    },
    revokePersonalAccessToken: (t) => ctx.pats.revoke(t),
    expirePersonalAccessToken: (t) => ctx.pats.expire(t),
    async mintAgentIdentity(input) {
      const { account, workspace } = ctx.accounts.resolve(String(input.account ?? ''), input.workspace);
      return ctx.agents.mint(account, workspace, input.ttlSeconds ?? 3600);
    },
    agentTasks: (id) => ctx.agents.tasksOf(id),
    deviceCodes: () => ctx.device.list(),
    expireDeviceCodes: (userCode) => ctx.device.expire(userCode),
    expireAuthorizationCodes: () => ctx.codes.expireAll(),
    requests: (filter) => ctx.log.list(filter),
    clearRequests: () => ctx.log.clear(),
    addFault: (spec) => ctx.faults.add(spec),
    clearFaults: (id) => ctx.faults.clear(id),
    faults: () => ctx.faults.list(),
    setAccessTokenTtl(seconds) {
      if (!(seconds > 0)) throw new IssuerInputError('the access-token lifetime must be a positive number of seconds');
      ctx.settings.accessTokenTtlSeconds = seconds;
    },
    addFederationRule: (spec) => ctx.federation.add(spec),
    federationRules: () => ctx.federation.list(),
    removeFederationRule: (id) => ctx.federation.remove(id),
  };
}

function bodyOf(req: IssuerRequest): Record<string, unknown> {
  return req.body ?? {};
}

function str(req: IssuerRequest, name: string): string {
  const v = field(req.body, name);
  if (!v) throw new IssuerInputError(`"${name}" is required`);
  return v;
}

function num(req: IssuerRequest, name: string): number | undefined {
  const v = req.body?.[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new IssuerInputError(`"${name}" must be a number`);
  return v;
}

function optStr(req: IssuerRequest, name: string): string | undefined {
  return field(req.body, name);
}

/** Routes `/admin/...`. The caller has checked that admin is enabled and the peer is loopback. */
export async function adminRoute(admin: IssuerAdmin, req: IssuerRequest): Promise<IssuerResponse> {
  const key = `${req.method} ${req.path.replace(/\/+$/, '')}`;
  const famMatch = /^\/admin\/families\/([^/]+)$/.exec(req.path);
  const faultMatch = /^\/admin\/faults\/(\d+)$/.exec(req.path);
  switch (key) {
    case 'GET /admin/accounts':
      return json(200, admin.accounts());
    case 'POST /admin/accounts':
      return json(201, admin.addAccount(bodyOf(req) as unknown as AccountSpec));
    case 'POST /admin/tokens':
      return json(
        201,
        await admin.mintTokens({
          account: str(req, 'account'),
          ...(optStr(req, 'workspace') ? { workspace: optStr(req, 'workspace')! } : {}),
          ...(optStr(req, 'client_id') ? { clientId: optStr(req, 'client_id')! } : {}),
          ...(num(req, 'access_token_ttl') !== undefined ? { accessTokenTtlSeconds: num(req, 'access_token_ttl')! } : {}),
        }),
      );
    case 'POST /admin/tokens/revoke':
      admin.revokeFamily(optStr(req, 'family_id') ?? str(req, 'refresh_token'));
      return json(200, { ok: true });
    case 'POST /admin/tokens/expire':
      admin.expireRefreshToken(optStr(req, 'family_id') ?? str(req, 'refresh_token'));
      return json(200, { ok: true });
    case 'GET /admin/families':
      return json(200, admin.families());
    case 'POST /admin/pats':
      return json(201, {
        token: admin.mintPersonalAccessToken({
          account: str(req, 'account'),
          ...(optStr(req, 'workspace') ? { workspace: optStr(req, 'workspace')! } : {}),
          ...(num(req, 'ttl') !== undefined ? { ttlSeconds: num(req, 'ttl')! } : {}),
        }),
      });
    case 'POST /admin/pats/revoke':
      admin.revokePersonalAccessToken(str(req, 'token'));
      return json(200, { ok: true });
    case 'POST /admin/pats/expire':
      admin.expirePersonalAccessToken(str(req, 'token'));
      return json(200, { ok: true });
    case 'POST /admin/agent-identities': {
      const r = await admin.mintAgentIdentity({
        account: str(req, 'account'),
        ...(optStr(req, 'workspace') ? { workspace: optStr(req, 'workspace')! } : {}),
        ...(num(req, 'ttl') !== undefined ? { ttlSeconds: num(req, 'ttl')! } : {}),
      });
      return json(201, { jwt: r.jwt, agent_runtime_id: r.agentRuntimeId });
    }
    case 'GET /admin/device':
      return json(200, admin.deviceCodes());
    case 'POST /admin/device/expire':
      return json(200, { expired: admin.expireDeviceCodes(optStr(req, 'user_code')) });
    case 'POST /admin/codes/expire':
      return json(200, { expired: admin.expireAuthorizationCodes() });
    case 'GET /admin/requests':
      return json(200, admin.requests({ ...(req.query.path ? { path: req.query.path } : {}), ...(req.query.method ? { method: req.query.method } : {}) }));
    case 'DELETE /admin/requests':
      admin.clearRequests();
      return json(200, { ok: true });
    case 'GET /admin/faults':
      return json(200, admin.faults());
    case 'POST /admin/faults':
      return json(201, { id: admin.addFault(bodyOf(req) as unknown as FaultSpec) });
    case 'DELETE /admin/faults':
      admin.clearFaults();
      return json(200, { ok: true });
    case 'GET /admin/federation-rules':
      return json(200, admin.federationRules());
    case 'POST /admin/federation-rules':
      return json(201, admin.addFederationRule(bodyOf(req) as unknown as FederationRuleSpec));
    case 'POST /admin/settings': {
      const ttl = num(req, 'access_token_ttl');
      if (ttl !== undefined) admin.setAccessTokenTtl(ttl);
      return json(200, { ok: true });
    }
  }
  const ruleMatch = /^\/admin\/federation-rules\/([^/]+)$/.exec(req.path);
  if (ruleMatch && req.method === 'DELETE') return json(200, { removed: admin.removeFederationRule(decodeURIComponent(ruleMatch[1]!)) });
  if (famMatch && req.method === 'GET') return json(200, admin.family(decodeURIComponent(famMatch[1]!)));
  if (faultMatch && req.method === 'DELETE') {
    admin.clearFaults(Number(faultMatch[1]));
    return json(200, { ok: true });
  }
  return json(404, { error: 'not_found', error_description: `no admin route ${req.method} ${req.path}` });
}
