// The device-code pages under /codex/device: enter the code, then pick an account and approve or deny.
import { accountPicker, type Choice } from './account-picker.js';
import { escapeHtml, page } from './layout.js';

export function enterCodePage(opts: { error?: string; prefill?: string } = {}): string {
  const error = opts.error ? `<div class="error" role="alert">${escapeHtml(opts.error)}</div>` : '';
  return page(
    'Enter your code - Codex',
    `<h1>Enter the code shown in Codex</h1>
<p>Type the one-time code your terminal shows to sign in to Codex on that device.</p>
${error}
<form method="post" action="/codex/device">
<label for="user_code" class="muted">One-time code</label>
<input type="text" id="user_code" name="user_code" autocomplete="off" autocapitalize="characters" spellcheck="false"
  maxlength="32" placeholder="XXXX-XXXXX" value="${escapeHtml(opts.prefill ?? '')}" required autofocus>
<div class="actions"><button class="primary" type="submit">Continue</button></div>
</form>
<p class="muted">Only continue if you started this sign-in in Codex yourself. If a website or another person gave you this code, stop here.</p>`,
  );
}

export function approvePage(opts: { userCode: string; choices: Choice[] }): string {
  return page(
    'Approve sign-in - Codex',
    `<h1>Sign in to Codex CLI</h1>
<p>Code <code>${escapeHtml(opts.userCode)}</code> is asking to sign in to Codex on another device.</p>
<form method="post" action="/codex/device/decision">
<input type="hidden" name="user_code" value="${escapeHtml(opts.userCode)}">
${accountPicker(opts.choices)}
<div class="actions"><button class="primary" type="submit" name="decision" value="allow">Approve</button>
<button class="secondary" type="submit" name="decision" value="deny">Deny</button></div>
</form>`,
  );
}
