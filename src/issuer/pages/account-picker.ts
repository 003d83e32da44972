// The account/workspace chooser used by the sign-in page and the device approval page.
import type { Account, Workspace } from '../types.js';
import { escapeHtml } from './layout.js';

export interface Choice {
  account: Account;
  workspace: Workspace;
}

/** Value of a choice in the form: `<user id> <workspace id>` (both are free of spaces by construction). */
export function choiceValue(c: Choice): string {
  return `${c.account.userId}\u0020${c.workspace.id}`;
}

export function parseChoice(value: string): { userId: string; workspaceId: string } | null {
  const i = value.indexOf(' ');
  if (i <= 0) return null;
  return { userId: value.slice(0, i), workspaceId: value.slice(i + 1) };
}

export function accountPicker(choices: Choice[]): string {
  const items = choices
    .map((c, i) => {
      const codex = c.workspace.codex ? '' : ' · no Codex access';
      const fed = c.workspace.fedramp ? ' · FedRAMP' : '';
      return `<label class="choice"><input type="radio" name="account" value="${escapeHtml(choiceValue(c))}"${i === 0 ? ' checked' : ''}>
<span><span class="who">${escapeHtml(c.account.name)}</span> <span class="muted">${escapeHtml(c.account.email)}</span><br>
<span class="ws">${escapeHtml(c.workspace.name)} · ${escapeHtml(c.workspace.plan)}${fed}${codex}</span></span></label>`;
    })
    .join('\n');
  return `<fieldset><legend>Choose an account</legend>\n${items}\n</fieldset>`;
}
