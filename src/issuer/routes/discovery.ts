// GET /.well-known/openid-configuration, the JWKS, and /userinfo.
import type { IssuerContext } from '../context.js';
import { json, type IssuerRequest, type IssuerResponse } from '../http.js';
import { DEFAULT_SCOPE, PROFILE_CLAIM } from '../tokens.js';
import { TOKEN_EXCHANGE_GRANT } from './token.js';

export function openidConfiguration(ctx: IssuerContext): IssuerResponse {
  const base = ctx.baseUrl();
  return json(200, {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE_GRANT],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    scopes_supported: DEFAULT_SCOPE.split(' '),
    claims_supported: ['sub', 'email', 'email_verified', 'name', 'https://api.openai.com/auth', PROFILE_CLAIM],
  });
}

export function jwks(ctx: IssuerContext): IssuerResponse {
  return json(200, ctx.signer.jwks());
}

export async function agentIdentityJwks(ctx: IssuerContext): Promise<IssuerResponse> {
  return json(200, (await ctx.agentSigner()).jwks());
}

export function bearer(req: IssuerRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export async function userinfo(ctx: IssuerContext, req: IssuerRequest): Promise<IssuerResponse> {
  const token = bearer(req);
  const claims = token ? await ctx.tokens.validateAccessToken(token) : null;
  if (!claims) {
    return {
      ...json(401, { error: 'invalid_token', error_description: 'A valid access token is required.' }, 'invalid_token'),
      headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' },
    };
  }
  const account = ctx.accounts.find(String(claims.sub));
  return json(200, {
    sub: claims.sub,
    email: account?.email,
    email_verified: true,
    name: account?.name,
  });
}
