// The sign-in page of GET /oauth/authorize: pick an account, then allow or deny. Plain HTML form.
import { accountPicker, type Choice } from './account-picker.js';
import { escapeHtml, page } from './layout.js';

export function signinPage(opts: { txn: string; clientId: string; redirectUri: string; choices: Choice[]; allowedWorkspaces: string[] }): string {
  const restriction = opts.allowedWorkspaces.length
    ? `<p class="muted">Only workspace(s) ${escapeHtml(opts.allowedWorkspaces.join(', '))} may be used for this sign-in.</p>`
    : '';
  const body =
    opts.choices.length > 0
      ? `${accountPicker(opts.choices)}
<div class="actions"><button class="primary" type="submit" name="decision" value="allow">Continue</button>
<button class="secondary" type="submit" name="decision" value="deny">Cancel</button></div>`
      : `<div class="error" role="alert">No account here belongs to an allowed workspace.</div>
<div class="actions"><button class="secondary" type="submit" name="decision" value="deny">Cancel</button></div>`;
  return page(
    'Sign in to Codex',
    `<h1>Sign in to Codex</h1>
<p>Application <code>${escapeHtml(opts.clientId)}</code> is asking to use your account. You will be sent back to
<code>${escapeHtml(opts.redirectUri)}</code>.</p>
${restriction}
<form method="post" action="/oauth/authorize/decision">
<input type="hidden" name="txn" value="${escapeHtml(opts.txn)}">
${body}
</form>`,
  );
}
