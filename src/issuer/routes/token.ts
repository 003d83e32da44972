// POST /oauth/token: authorization_code (PKCE), refresh_token (rotation, reuse detection), the
// RFC 8693 token exchange for an OpenAI API key, and the RFC 7523 jwt-bearer grant of workload
// identity federation (federation.ts). JSON and form bodies are both accepted.
import { randomBytes } from 'node:crypto';
import type { IssuerContext } from '../context.js';
import { oauthError } from '../errors.js';
import { field, json, type IssuerRequest, type IssuerResponse } from '../http.js';
import { JWT_BEARER_GRANT } from '../federation.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
export const API_KEY_TOKEN_TYPE = 'urn:openai:params:oauth:token-type:openai-api-key';

/** The public client's id (no secret): required, and registered. */
export function requireClient(ctx: IssuerContext, req: IssuerRequest): string {
  const clientId = field(req.body, 'client_id');
  if (!clientId) throw oauthError(400, 'invalid_request', 'client_id is required.');
  if (!ctx.clientIds.has(clientId)) throw oauthError(401, 'invalid_client', 'The client_id is not registered with this issuer.');
  return clientId;
}

function required(req: IssuerRequest, name: string): string {
  const v = field(req.body, name);
  if (!v) throw oauthError(400, 'invalid_request', `${name} is required.`);
  return v;
}

export async function token(ctx: IssuerContext, req: IssuerRequest): Promise<IssuerResponse> {
  if (!req.body) throw oauthError(400, 'invalid_request', 'The token request needs a JSON or form body.');
  const grantType = required(req, 'grant_type');
  switch (grantType) {
    case 'authorization_code':
      return authorizationCode(ctx, req);
    case 'refresh_token': {
      const clientId = requireClient(ctx, req);
      const { tokens } = await ctx.tokens.refresh(required(req, 'refresh_token'), clientId);
      return json(200, tokens, 'rotated');
    }
    case TOKEN_EXCHANGE_GRANT:
      return tokenExchange(ctx, req);
    case JWT_BEARER_GRANT:
      // Workload identity federation: no client id, the rule says who the workload is.
      return json(200, await ctx.federation.exchange(required(req, 'assertion'), required(req, 'federation_rule_id')), 'workload_token_issued');
    default:
      throw oauthError(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported.`);
  }
}

async function authorizationCode(ctx: IssuerContext, req: IssuerRequest): Promise<IssuerResponse> {
  const clientId = requireClient(ctx, req);
  const code = required(req, 'code');
  const result = ctx.codes.redeem(code, {
    clientId,
    redirectUri: field(req.body, 'redirect_uri'),
    codeVerifier: field(req.body, 'code_verifier'),
  });
  if ('replayedFamily' in result) {
    if (result.replayedFamily) ctx.tokens.revokeFamily(result.replayedFamily, 'authorization_code_reused');
    throw oauthError(400, 'invalid_grant', 'The authorization code has already been used.');
  }
  const { familyId, tokens } = await ctx.tokens.startFamily(result.grant);
  result.onRedeemed(familyId);
  return json(200, tokens, 'issued');
}

async function tokenExchange(ctx: IssuerContext, req: IssuerRequest): Promise<IssuerResponse> {
  const clientId = requireClient(ctx, req);
  const requested = required(req, 'requested_token');
  if (requested !== 'openai-api-key') throw oauthError(400, 'invalid_request', 'requested_token must be openai-api-key.');
  if (required(req, 'subject_token_type') !== ID_TOKEN_TYPE) {
    throw oauthError(400, 'invalid_request', `subject_token_type must be ${ID_TOKEN_TYPE}.`);
  }
  const claims = await ctx.tokens.validateIdToken(required(req, 'subject_token'), clientId);
  if (!claims) throw oauthError(400, 'invalid_grant', 'The subject_token is not a valid, unexpired id_token from this issuer.');
  return json(
    200,
    {
      access_token: `sk-proj-${randomBytes(36).toString('base64url')}`,
      issued_token_type: API_KEY_TOKEN_TYPE,
      token_type: 'Bearer',
    },
    'api_key_issued',
  );
}
