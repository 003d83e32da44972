// Workload identity federation (the jwt-bearer grant, RFC 7523, as auth.openai.com runs it for
// `codex` workload identity): federation rules registered through the admin API say which
// external issuer is trusted (its key or JWKS), for which audience and subject pattern, and which
// account a matching workload acts as. An assertion is accepted when its signature verifies with
// the rule's key (a `kid` header is required), `iss` and `aud` match, `exp` and `iat` are present
// and `exp` is in the future (`iat` not in the future), and `sub` matches the pattern (`*` matches
// any run of characters). The answer is a short-lived access token, in memory at the client only.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AccountDirectory } from './accounts.js';
import { IssuerInputError, oauthError } from './errors.js';
import type { JwtSigner } from './jwks.js';
import { ACCESS_TOKEN_AUDIENCE, AUTH_CLAIM, authClaims } from './tokens.js';
import type { Account, IssuerClock, Workspace } from './types.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const ISSUED_ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];
/** How far in the future `iat` may be (clock skew). */
const IAT_SKEW_SECONDS = 60;

export interface FederationRuleSpec {
  /** Default `fr_<random>`. */
  id?: string;
  /** The trusted issuer (`iss`, exact). */
  issuer: string;
  /** Verification keys: a JWKS document, one public JWK, or a JWKS URL. */
  jwks?: { keys: Array<Record<string, unknown>> };
  jwk?: Record<string, unknown>;
  jwksUrl?: string;
  /** The audience the assertion must carry (`aud`, string or array). */
  audience: string;
  /** `sub` pattern; `*` matches any run of characters. */
  subject: string;
  /** The account (email or user id) and workspace the workload acts as. */
  account: string;
  workspace?: string;
  /** Lifetime of the issued token in seconds (1..3600, default 3600). */
  ttlSeconds?: number;
  scope?: string;
}

export interface FederationRuleView {
  id: string;
  issuer: string;
  audience: string;
  subject: string;
  account: string;
  workspace: string;
  ttlSeconds: number;
  keys: 'jwks' | 'jwk' | 'jwks_url';
}

interface Rule {
  view: FederationRuleView;
  accountRef: Account;
  workspaceRef: Workspace;
  scope: string;
  subject: RegExp;
  key: () => Promise<Parameters<typeof import('jose').jwtVerify>[1]>;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 's');
}

export class FederationRules {
  private readonly rules = new Map<string, Rule>();
  /** Exchanges answered (for the admin view and tests). */
  exchanges = 0;

  constructor(
    private readonly accounts: AccountDirectory,
    private readonly signer: JwtSigner,
    private readonly issuerUrl: () => string,
    private readonly now: IssuerClock,
  ) {}

  add(spec: FederationRuleSpec): FederationRuleView {
    for (const k of ['issuer', 'audience', 'subject', 'account'] as const) {
      if (typeof spec?.[k] !== 'string' || spec[k] === '') throw new IssuerInputError(`federation rule: "${k}" is required`);
    }
    const keySources = [spec.jwks, spec.jwk, spec.jwksUrl].filter((k) => k !== undefined).length;
    if (keySources !== 1) throw new IssuerInputError('federation rule: give exactly one of "jwks", "jwk" or "jwksUrl"');
    const ttl = spec.ttlSeconds ?? 3600;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 3600) throw new IssuerInputError('federation rule: "ttlSeconds" must be a whole number in 1..3600');
    const { account, workspace } = this.accounts.resolve(spec.account, spec.workspace);
    const id = spec.id ?? `fr_${randomBytes(12).toString('hex')}`;
    let key: Rule['key'];
    if (spec.jwksUrl) {
      const url = new URL(spec.jwksUrl);
      let set: ReturnType<typeof import('jose').createRemoteJWKSet> | undefined;
      key = async () => (set ??= (await import('jose')).createRemoteJWKSet(url));
    } else {
      const doc = spec.jwks ?? { keys: [spec.jwk as Record<string, unknown>] };
      if (!Array.isArray(doc.keys) || doc.keys.length === 0) throw new IssuerInputError('federation rule: the JWKS has no keys');
      let set: ReturnType<typeof import('jose').createLocalJWKSet> | undefined;
      key = async () => (set ??= (await import('jose')).createLocalJWKSet(doc as import('jose').JSONWebKeySet));
    }
    const view: FederationRuleView = {
      id,
      issuer: spec.issuer,
      audience: spec.audience,
      subject: spec.subject,
      account: account.email,
      workspace: workspace.id,
      ttlSeconds: ttl,
      keys: spec.jwksUrl ? 'jwks_url' : spec.jwks ? 'jwks' : 'jwk',
    };
    this.rules.set(id, { view, accountRef: account, workspaceRef: workspace, scope: spec.scope ?? 'openid profile email', subject: globToRegExp(spec.subject), key });
    return view;
  }

  list(): FederationRuleView[] {
    return [...this.rules.values()].map((r) => ({ ...r.view }));
  }

  remove(id: string): boolean {
    return this.rules.delete(id);
  }

  /** The jwt-bearer grant: verifies `assertion` against rule `ruleId`; the token response. */
  async exchange(assertion: string, ruleId: string): Promise<Record<string, unknown>> {
    const rule = this.rules.get(ruleId.trim());
    if (!rule) throw oauthError(400, 'invalid_grant', 'Unknown federation rule.');
    const jose = await import('jose');
    const reject = (why: string) => oauthError(400, 'invalid_grant', `The assertion was rejected: ${why}.`);
    let header: import('jose').ProtectedHeaderParameters;
    try {
      header = jose.decodeProtectedHeader(assertion);
    } catch {
      throw reject('not a JWT');
    }
    if (typeof header.kid !== 'string' || header.kid === '') throw reject('no kid header');
    let payload: import('jose').JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(assertion, (await rule.key()) as import('jose').JWTVerifyGetKey, {
        algorithms: ALGORITHMS,
        issuer: rule.view.issuer,
        audience: rule.view.audience,
        requiredClaims: ['iat', 'exp', 'sub'],
        currentDate: new Date(this.now()),
      }));
    } catch (e) {
      throw reject((e as { code?: string }).code ?? 'verification failed');
    }
    const nowSec = Math.floor(this.now() / 1000);
    if (typeof payload.iat !== 'number' || payload.iat > nowSec + IAT_SKEW_SECONDS) throw reject('iat is in the future');
    if (typeof payload.sub !== 'string' || !rule.subject.test(payload.sub)) throw reject('subject does not match the rule');
    this.exchanges++;
    const grant = { account: rule.accountRef, workspace: rule.workspaceRef, clientId: 'workload-identity', scope: rule.scope };
    const ttl = rule.view.ttlSeconds;
    const accessToken = await this.signer.sign({
      iss: this.issuerUrl(),
      aud: [ACCESS_TOKEN_AUDIENCE],
      sub: rule.accountRef.userId,
      scp: rule.scope.split(' '),
      iat: nowSec,
      nbf: nowSec,
      exp: nowSec + ttl,
      jti: randomUUID(),
      federation_rule_id: rule.view.id,
      workload_subject: payload.sub,
      [AUTH_CLAIM]: authClaims(grant),
    });
    return {
      access_token: accessToken,
      issued_token_type: ISSUED_ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: ttl,
      scope: rule.scope,
      chatgpt_account_id: rule.workspaceRef.id,
      chatgpt_account_user_id: `${rule.accountRef.userId}__${rule.workspaceRef.id}`,
      user_id: rule.accountRef.userId,
      chatgpt_plan_type: rule.workspaceRef.plan,
    };
  }
}
