// POST /oauth/revoke (RFC 7009), with the JSON body the Codex CLI sends
// ({token, token_type_hint, client_id?}); form bodies work too. Unknown tokens answer 200.
import type { IssuerContext } from '../context.js';
import { oauthError } from '../errors.js';
import { field, json, type IssuerRequest, type IssuerResponse } from '../http.js';

export async function revoke(ctx: IssuerContext, req: IssuerRequest): Promise<IssuerResponse> {
  const token = field(req.body, 'token');
  if (!token) throw oauthError(400, 'invalid_request', 'token is required.');
  const clientId = field(req.body, 'client_id');
  if (clientId !== undefined && !ctx.clientIds.has(clientId)) {
    throw oauthError(401, 'invalid_client', 'The client_id is not registered with this issuer.');
  }
  const hint = field(req.body, 'token_type_hint');
  if (hint !== undefined && hint !== 'refresh_token' && hint !== 'access_token') {
    throw oauthError(400, 'unsupported_token_type', 'token_type_hint must be refresh_token or access_token.');
  }
  const kind = await ctx.tokens.revoke(token);
  return json(200, {}, kind === 'unknown' ? 'unknown_token' : `revoked_${kind}`);
}
