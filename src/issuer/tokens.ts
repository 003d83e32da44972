// Token minting and token families: every sign-in starts a family; each refresh token is single-use
// and rotates within its family; presenting a used one revokes the whole family (reuse detection).
import { randomBytes, randomUUID } from 'node:crypto';
import { IssuerInputError, oauthError, openaiError } from './errors.js';
import type { JwtSigner } from './jwks.js';
import type { Account, IssuerClock, Workspace } from './types.js';

export const AUTH_CLAIM = 'https://api.openai.com/auth';
export const PROFILE_CLAIM = 'https://api.openai.com/profile';
export const DEFAULT_SCOPE = 'openid profile email offline_access api.connectors.read api.connectors.invoke';
export const ACCESS_TOKEN_AUDIENCE = 'https://api.openai.com/v1';

/** What a user granted to a client: who, in which workspace, with which scope. */
export interface Grant {
  account: Account;
  workspace: Workspace;
  clientId: string;
  scope: string;
  /** `id_token_add_organizations=true` on the authorize request. */
  addOrganizations?: boolean;
  nonce?: string;
}

export interface TokenResponse {
  id_token: string;
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export type RefreshStatus = 'active' | 'used' | 'revoked';

interface RefreshRecord {
  token: string;
  familyId: string;
  status: RefreshStatus;
  issuedAt: number;
  expiresAt: number;
}

export type FamilyStatus = 'active' | 'revoked';

interface Family {
  id: string;
  grant: Grant;
  createdAt: number;
  status: FamilyStatus;
  revokedReason?: string;
  refreshTokens: string[];
  accessJtis: string[];
  refreshCount: number;
}

/** A family as the admin API shows it (no token values: fingerprints only). */
export interface FamilyView {
  id: string;
  email: string;
  workspaceId: string;
  clientId: string;
  status: FamilyStatus;
  revokedReason?: string;
  refreshCount: number;
  refreshTokens: Array<{ fingerprint: string; status: RefreshStatus; expired: boolean }>;
}

export interface TokenLifetimes {
  accessSeconds: number;
  refreshSeconds: number;
}

export class TokenService {
  private readonly families = new Map<string, Family>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly revokedAccess = new Set<string>();
  private readonly jtiFamily = new Map<string, string>();

  constructor(
    private readonly signer: JwtSigner,
    private readonly issuer: () => string,
    private readonly now: IssuerClock,
    private readonly lifetimes: TokenLifetimes,
    private readonly fingerprint: (secret: string) => string,
  ) {}

  /** Starts a new family for a grant and issues its first tokens. */
  async startFamily(grant: Grant, accessTtlSeconds?: number): Promise<{ familyId: string; tokens: TokenResponse }> {
    const family: Family = {
      id: `fam_${randomUUID()}`,
      grant,
      createdAt: this.now(),
      status: 'active',
      refreshTokens: [],
      accessJtis: [],
      refreshCount: 0,
    };
    this.families.set(family.id, family);
    return { familyId: family.id, tokens: await this.issue(family, accessTtlSeconds) };
  }

  /** The refresh_token grant (rotation + reuse detection). Throws HttpError with the OpenAI codes. */
  async refresh(token: string, clientId: string): Promise<{ familyId: string; tokens: TokenResponse }> {
    const record = this.refreshTokens.get(token);
    if (!record) throw oauthError(400, 'invalid_grant', 'The refresh token is not valid.');
    const family = this.families.get(record.familyId)!;
    if (family.grant.clientId !== clientId) {
      throw oauthError(400, 'invalid_grant', 'The refresh token was issued to another client.');
    }
    if (record.status === 'used') {
      this.revokeFamily(family.id, 'refresh_token_reused');
      throw openaiError(
        401,
        'refresh_token_reused',
        'Your refresh token has already been used to generate a new access token. Please try signing in again.',
      );
    }
    if (record.status === 'revoked' || family.status === 'revoked') {
      throw openaiError(401, 'refresh_token_invalidated', 'Your refresh token has been invalidated. Please try signing in again.');
    }
    if (record.expiresAt <= this.now()) {
      throw openaiError(401, 'refresh_token_expired', 'Your refresh token has expired. Please try signing in again.');
    }
    record.status = 'used';
    family.refreshCount += 1;
    return { familyId: family.id, tokens: await this.issue(family) };
  }

  /** RFC 7009: revoking a refresh token revokes its family; an access token is revoked alone. */
  async revoke(token: string): Promise<'refresh_token' | 'access_token' | 'unknown'> {
    const record = this.refreshTokens.get(token);
    if (record) {
      this.revokeFamily(record.familyId, 'revoked');
      return 'refresh_token';
    }
    const claims = await this.signer.verify(token, { issuer: this.issuer() });
    if (claims && typeof claims.jti === 'string' && this.jtiFamily.has(claims.jti)) {
      this.revokedAccess.add(claims.jti);
      return 'access_token';
    }
    return 'unknown';
  }

  revokeFamily(familyId: string, reason: string): void {
    const family = this.families.get(familyId);
    if (!family) throw new IssuerInputError(`no token family "${familyId}"`);
    if (family.status === 'revoked') return;
    family.status = 'revoked';
    family.revokedReason = reason;
    for (const t of family.refreshTokens) {
      const r = this.refreshTokens.get(t)!;
      if (r.status === 'active') r.status = 'revoked';
    }
    for (const jti of family.accessJtis) this.revokedAccess.add(jti);
  }

  /** Makes a refresh token (or every refresh token of a family) expired now. */
  expire(target: { refreshToken?: string; familyId?: string }): void {
    const tokens = target.refreshToken
      ? [this.requireRecord(target.refreshToken).token]
      : this.requireFamily(target.familyId).refreshTokens;
    for (const t of tokens) this.refreshTokens.get(t)!.expiresAt = this.now() - 1;
  }

  familyIdOf(refreshToken: string): string | undefined {
    return this.refreshTokens.get(refreshToken)?.familyId;
  }

  describe(familyId: string): FamilyView {
    const f = this.requireFamily(familyId);
    const now = this.now();
    return {
      id: f.id,
      email: f.grant.account.email,
      workspaceId: f.grant.workspace.id,
      clientId: f.grant.clientId,
      status: f.status,
      ...(f.revokedReason ? { revokedReason: f.revokedReason } : {}),
      refreshCount: f.refreshCount,
      refreshTokens: f.refreshTokens.map((t) => {
        const r = this.refreshTokens.get(t)!;
        return { fingerprint: this.fingerprint(t), status: r.status, expired: r.expiresAt <= now };
      }),
    };
  }

  listFamilies(): FamilyView[] {
    return [...this.families.keys()].map((id) => this.describe(id));
  }

  /** Claims of a valid, unrevoked access token issued here; null otherwise. */
  async validateAccessToken(jwt: string): Promise<Record<string, unknown> | null> {
    const claims = await this.signer.verify(jwt, { issuer: this.issuer(), audience: ACCESS_TOKEN_AUDIENCE });
    if (!claims || typeof claims.jti !== 'string' || this.revokedAccess.has(claims.jti)) return null;
    return claims;
  }

  /** Verifies an id_token issued here (for the token exchange). */
  async validateIdToken(jwt: string, clientId: string): Promise<Record<string, unknown> | null> {
    return this.signer.verify(jwt, { issuer: this.issuer(), audience: clientId });
  }

  private requireRecord(token: string): RefreshRecord {
    const r = this.refreshTokens.get(token);
    if (!r) throw new IssuerInputError('unknown refresh token');
    return r;
  }

  private requireFamily(familyId: string | undefined): Family {
    const f = familyId ? this.families.get(familyId) : undefined;
    if (!f) throw new IssuerInputError(`no token family "${familyId ?? ''}": give a family id or a refresh token`);
    return f;
  }

  private async issue(family: Family, accessTtlSeconds?: number): Promise<TokenResponse> {
    const { grant } = family;
    const nowMs = this.now();
    const iat = Math.floor(nowMs / 1000);
    const ttl = accessTtlSeconds ?? this.lifetimes.accessSeconds;
    const exp = iat + ttl;
    const auth = authClaims(grant);
    const profile = { email: grant.account.email, email_verified: true };
    const idToken = await this.signer.sign({
      iss: this.issuer(),
      aud: [grant.clientId],
      sub: grant.account.userId,
      email: grant.account.email,
      email_verified: true,
      name: grant.account.name,
      iat,
      exp,
      auth_time: Math.floor(family.createdAt / 1000),
      jti: randomUUID(),
      sid: family.id,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      [AUTH_CLAIM]: auth,
      [PROFILE_CLAIM]: profile,
    });
    const jti = randomUUID();
    const accessToken = await this.signer.sign({
      iss: this.issuer(),
      aud: [ACCESS_TOKEN_AUDIENCE],
      sub: grant.account.userId,
      client_id: grant.clientId,
      scp: grant.scope.split(' ').filter(Boolean),
      iat,
      nbf: iat,
      exp,
      jti,
      session_id: family.id,
      [AUTH_CLAIM]: auth,
      [PROFILE_CLAIM]: profile,
    });
    family.accessJtis.push(jti);
    this.jtiFamily.set(jti, family.id);
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    this.refreshTokens.set(refreshToken, {
      token: refreshToken,
      familyId: family.id,
      status: 'active',
      issuedAt: nowMs,
      expiresAt: nowMs + this.lifetimes.refreshSeconds * 1000,
    });
    family.refreshTokens.push(refreshToken);
    return {
      id_token: idToken,
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: ttl,
      scope: grant.scope,
    };
  }
}

/** The `https://api.openai.com/auth` claim object for a grant. */
export function authClaims(grant: Grant): Record<string, unknown> {
  const { account, workspace } = grant;
  const claims: Record<string, unknown> = {
    chatgpt_account_id: workspace.id,
    chatgpt_plan_type: workspace.plan,
    chatgpt_user_id: account.userId,
    user_id: account.userId,
    chatgpt_account_is_fedramp: workspace.fedramp,
    completed_platform_onboarding: account.completedPlatformOnboarding,
    is_org_owner: account.isOrgOwner,
    groups: [],
  };
  if (account.organizationId) claims.organization_id = account.organizationId;
  if (account.projectId) claims.project_id = account.projectId;
  if (grant.addOrganizations) {
    claims.organizations = account.workspaces.map((w, i) => ({
      id: w.id,
      is_default: i === 0,
      role: account.isOrgOwner ? 'owner' : 'member',
      title: w.name,
    }));
  }
  return claims;
}

