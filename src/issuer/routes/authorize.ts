// GET /oauth/authorize (RFC 6749 §4.1.1 + PKCE) and the form POST of its sign-in page.
import { randomBytes } from 'node:crypto';
import { parseAllowedWorkspaces } from '../accounts.js';
import type { IssuerContext } from '../context.js';
import { field, html, redirect, type IssuerRequest, type IssuerResponse } from '../http.js';
import { parseChoice, type Choice } from '../pages/account-picker.js';
import { messagePage } from '../pages/layout.js';
import { signinPage } from '../pages/signin.js';
import { DEFAULT_SCOPE } from '../tokens.js';

const PENDING_TTL_MS = 10 * 60 * 1000;

function errorPage(status: number, heading: string, message: string, outcome: string): IssuerResponse {
  return html(status, messagePage({ title: 'Sign-in error', heading, message, tone: 'error' }), outcome);
}

/** `redirect_uri` + the given parameters (keeping any query the redirect URI already has). */
function back(redirectUri: string, params: Record<string, string | undefined>, outcome: string): IssuerResponse {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return redirect(url.toString(), outcome);
}

/** Every account/workspace pair the page may offer, honouring `allowed_workspace_id`. */
export function choicesFor(ctx: IssuerContext, allowed: string[]): Choice[] {
  return ctx.accounts
    .list()
    .flatMap((account) => account.workspaces.map((workspace) => ({ account, workspace })))
    .filter((c) => allowed.length === 0 || allowed.includes(c.workspace.id));
}

export function authorize(ctx: IssuerContext, req: IssuerRequest): IssuerResponse {
  const q = req.query;
  const clientId = q.client_id;
  if (!clientId || !ctx.clientIds.has(clientId)) {
    return errorPage(400, 'Unknown application', 'The client_id of this sign-in request is not registered with this issuer.', 'invalid_client');
  }
  const redirectUri = q.redirect_uri;
  if (!redirectUri || !ctx.redirectUris.has(redirectUri)) {
    return errorPage(400, 'Invalid redirect', 'The redirect_uri of this sign-in request is not registered for this application.', 'invalid_redirect_uri');
  }
  const state = q.state;
  if (q.response_type !== 'code') {
    return back(redirectUri, { error: 'unsupported_response_type', error_description: 'response_type must be code', state }, 'unsupported_response_type');
  }
  if (!q.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge)) {
    return back(redirectUri, { error: 'invalid_request', error_description: 'code_challenge (S256, 43 characters) is required', state }, 'invalid_request');
  }
  if (q.code_challenge_method !== 'S256') {
    return back(redirectUri, { error: 'invalid_request', error_description: 'code_challenge_method must be S256', state }, 'invalid_request');
  }
  const allowedWorkspaces = parseAllowedWorkspaces(q.allowed_workspace_id);
  const txn = randomBytes(24).toString('base64url');
  const now = ctx.now();
  for (const [k, p] of ctx.pending) if (p.expiresAt <= now) ctx.pending.delete(k);
  ctx.pending.set(txn, {
    clientId,
    redirectUri,
    state,
    codeChallenge: q.code_challenge,
    scope: q.scope && q.scope.trim() !== '' ? q.scope.trim().replace(/\s+/g, ' ') : DEFAULT_SCOPE,
    nonce: q.nonce,
    addOrganizations: q.id_token_add_organizations === 'true',
    allowedWorkspaces,
    expiresAt: now + PENDING_TTL_MS,
  });
  return html(200, signinPage({ txn, clientId, redirectUri, choices: choicesFor(ctx, allowedWorkspaces), allowedWorkspaces }), 'signin_page');
}

export function authorizeDecision(ctx: IssuerContext, req: IssuerRequest): IssuerResponse {
  const txn = field(req.body, 'txn');
  const pending = txn ? ctx.pending.get(txn) : undefined;
  if (!txn || !pending || pending.expiresAt <= ctx.now()) {
    if (txn) ctx.pending.delete(txn);
    return errorPage(400, 'Sign-in expired', 'This sign-in request has expired or was already answered. Start the sign-in again from Codex.', 'unknown_transaction');
  }
  ctx.pending.delete(txn);
  const { redirectUri, state } = pending;
  if (field(req.body, 'decision') !== 'allow') {
    return back(redirectUri, { error: 'access_denied', error_description: 'The user denied the sign-in request.', state }, 'access_denied');
  }
  const choice = parseChoice(field(req.body, 'account') ?? '');
  const account = choice ? ctx.accounts.find(choice.userId) : undefined;
  const workspace = account?.workspaces.find((w) => w.id === choice!.workspaceId);
  if (!account || !workspace || (pending.allowedWorkspaces.length > 0 && !pending.allowedWorkspaces.includes(workspace.id))) {
    return errorPage(400, 'Unknown account', 'Choose one of the accounts listed on the sign-in page.', 'invalid_account');
  }
  if (!workspace.codex) {
    return back(redirectUri, { error: 'access_denied', error_description: 'missing_codex_entitlement', state }, 'missing_codex_entitlement');
  }
  const code = ctx.codes.issue(
    {
      account,
      workspace,
      clientId: pending.clientId,
      scope: pending.scope,
      addOrganizations: pending.addOrganizations,
      ...(pending.nonce ? { nonce: pending.nonce } : {}),
    },
    redirectUri,
    pending.codeChallenge,
  );
  return back(redirectUri, { code, state }, 'code_issued');
}
