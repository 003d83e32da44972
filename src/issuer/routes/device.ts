// The device-code endpoints (/api/accounts/deviceauth/*) and the /codex/device pages.
import type { IssuerContext } from '../context.js';
import { oauthError } from '../errors.js';
import { field, html, json, type IssuerRequest, type IssuerResponse } from '../http.js';
import { parseChoice } from '../pages/account-picker.js';
import { approvePage, enterCodePage } from '../pages/device.js';
import { messagePage } from '../pages/layout.js';
import { DEFAULT_SCOPE } from '../tokens.js';
import { choicesFor } from './authorize.js';

export function usercode(ctx: IssuerContext, req: IssuerRequest): IssuerResponse {
  const clientId = field(req.body, 'client_id');
  if (!clientId) throw oauthError(400, 'invalid_request', 'client_id is required.');
  if (!ctx.clientIds.has(clientId)) throw oauthError(400, 'invalid_client', 'The client_id is not registered with this issuer.');
  return json(200, ctx.device.start(clientId), 'device_code_issued');
}

export function deviceToken(ctx: IssuerContext, req: IssuerRequest): IssuerResponse {
  const id = field(req.body, 'device_auth_id');
  const code = field(req.body, 'user_code') ?? field(req.body, 'usercode');
  if (!id || !code) throw oauthError(400, 'invalid_request', 'device_auth_id and user_code are required.');
  return json(200, ctx.device.poll(id, code), 'device_approved');
}

const MESSAGES = {
  unknown: "That code isn't valid. Check the code shown in your terminal and try again.",
  expired: 'That code has expired. Start the sign-in again in Codex to get a new code.',
  used: 'That code has already been used. Start the sign-in again in Codex to get a new code.',
} as const;

export function devicePage(_ctx: IssuerContext, req: IssuerRequest): IssuerResponse {
  return html(200, enterCodePage({ prefill: req.query.user_code ?? '' }), 'device_page');
}

export function deviceCodeSubmit(ctx: IssuerContext, req: IssuerRequest): IssuerResponse {
  const input = field(req.body, 'user_code') ?? '';
  const found = ctx.device.lookup(input);
  if (found.kind !== 'ok') return html(400, enterCodePage({ error: MESSAGES[found.kind], prefill: input }), `device_code_${found.kind}`);
  return html(200, approvePage({ userCode: found.record.userCode, choices: choicesFor(ctx, []) }), 'device_code_ok');
}

export function deviceDecision(ctx: IssuerContext, req: IssuerRequest): IssuerResponse {
  const input = field(req.body, 'user_code') ?? '';
  const found = ctx.device.lookup(input);
  if (found.kind !== 'ok') return html(400, enterCodePage({ error: MESSAGES[found.kind] }), `device_code_${found.kind}`);
  if (field(req.body, 'decision') !== 'allow') {
    ctx.device.deny(input);
    return html(
      200,
      messagePage({ title: 'Sign-in denied', heading: 'Sign-in denied', message: 'You denied this sign-in. Codex will not be signed in.', tone: 'error' }),
      'device_denied',
    );
  }
  const choice = parseChoice(field(req.body, 'account') ?? '');
  const account = choice ? ctx.accounts.find(choice.userId) : undefined;
  const workspace = account?.workspaces.find((w) => w.id === choice!.workspaceId);
  if (!account || !workspace) {
    return html(400, approvePage({ userCode: found.record.userCode, choices: choicesFor(ctx, []) }), 'invalid_account');
  }
  if (!workspace.codex) {
    ctx.device.deny(input);
    return html(
      403,
      messagePage({
        title: 'You do not have access to Codex',
        heading: 'You do not have access to Codex',
        message: 'This account is not currently authorized to use Codex in this workspace.',
        detail: 'Contact your workspace administrator to request access to Codex.',
        tone: 'error',
      }),
      'missing_codex_entitlement',
    );
  }
  ctx.device.approve(input, { account, workspace, clientId: found.record.clientId, scope: DEFAULT_SCOPE });
  return html(
    200,
    messagePage({
      title: 'Signed in to Codex',
      heading: 'Signed in to Codex',
      message: `Signed in as ${account.email}. You can return to your terminal.`,
      tone: 'ok',
    }),
    'device_approved_by_user',
  );
}

/** The redirect URI the device flow's code exchange names; a person never needs to land here. */
export function deviceCallback(): IssuerResponse {
  return html(200, messagePage({ title: 'Codex device sign-in', heading: 'Device sign-in', message: 'Return to your terminal to finish signing in.' }));
}

