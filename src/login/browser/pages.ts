/**
 * The HTML pages the loopback callback server shows in the browser (observed §2.1.4, spec §5.9):
 * the success page ("Signed in to Codex" / "You may now close this page", with the reference's
 * optional org-setup redirect) and the error page ("Codex Sign-in Error"). Every dynamic value is
 * HTML-escaped; the only script is a fixed one that reads a data attribute.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `
  :root { color-scheme: light dark; }
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
         min-height: 100vh; display: flex; align-items: center; justify-content: center; }
  main { max-width: 34rem; padding: 2.5rem; text-align: center; }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 .75rem; }
  p { line-height: 1.5; margin: .5rem 0; opacity: .85; }
  dl { text-align: left; margin: 1.25rem auto; display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; }
  dt { font-weight: 600; } dd { margin: 0; word-break: break-word; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
  .help { font-size: .9rem; opacity: .7; }`;

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}
</style>
${head}</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** Platform origins the reference redirects to for org setup (and no others). */
const SETUP_ORIGINS = new Set(['https://platform.openai.com', 'https://platform.api.openai.org']);

export interface SuccessPageInput {
  needsSetup: boolean;
  platformUrl: string;
  /** Only used when needsSetup: the org-setup redirect carries it like the reference does. */
  idToken?: string;
  orgId?: string;
  projectId?: string;
  planType?: string;
}

/** The org-setup URL, or null when no redirect applies (not needed, or an origin we don't trust). */
export function orgSetupUrl(input: SuccessPageInput): string | null {
  if (!input.needsSetup) return null;
  let origin: string;
  try {
    origin = new URL(input.platformUrl).origin;
  } catch {
    return null;
  }
  if (!SETUP_ORIGINS.has(origin)) return null;
  const q = new URLSearchParams({
    p: input.planType ?? '',
    t: input.idToken ?? '',
    with_org: input.orgId ?? '',
    project_id: input.projectId ?? '',
  });
  return `${origin}/org-setup?${q.toString()}`;
}

export function successPage(input: SuccessPageInput): string {
  const setup = orgSetupUrl(input);
  const body = setup
    ? `<h1>Signed in to Codex</h1>
<p>Finish setting up your API organization: you will be redirected in a few seconds.</p>
<p><a id="setup" href="${escapeHtml(setup)}" data-target="${escapeHtml(setup)}">Continue to setup</a></p>`
    : `<h1>Signed in to Codex</h1>
<p>You may now close this page and return to your terminal.</p>`;
  const head = setup
    ? `<script>setTimeout(function () { var a = document.getElementById('setup'); if (a) location.assign(a.getAttribute('data-target')); }, 3000);</script>\n`
    : '';
  return layout('Signed in to Codex', body, head);
}

export interface ErrorPageInput {
  /** Machine-readable code shown to the user (e.g. `access_denied`, `token_exchange_failed`). */
  errorCode: string;
  /** The one-line message (also what the terminal prints). */
  message: string;
  /** More detail; defaults to the message. */
  description?: string;
  /** Heading; defaults to "Sign-in could not be completed". */
  title?: string;
  help?: string;
}

export const GENERIC_HELP =
  'Return to Codex to retry, switch accounts, or contact your workspace admin if access is restricted.';

/** The reference's copy for `access_denied` + `missing_codex_entitlement` (spec §5.9). */
export function entitlementErrorPage(): ErrorPageInput {
  return {
    errorCode: 'access_denied',
    title: 'You do not have access to Codex',
    message: 'This account is not currently authorized to use Codex in this workspace.',
    description: 'Contact your workspace administrator to request access to Codex.',
    help: 'Contact your workspace administrator to get access to Codex, then return to Codex and try again.',
  };
}

export function errorPage(input: ErrorPageInput): string {
  const title = input.title ?? 'Sign-in could not be completed';
  const body = `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(input.message)}</p>
<dl>
<dt>Error code</dt><dd><code>${escapeHtml(input.errorCode || 'unknown_error')}</code></dd>
<dt>Details</dt><dd>${escapeHtml(input.description ?? input.message)}</dd>
</dl>
<p class="help">${escapeHtml(input.help ?? GENERIC_HELP)}</p>`;
  return layout('Codex Sign-in Error', body);
}

/** Shown for GET /success when no sign-in has completed (the reference reports success here). */
export function notCompletedPage(): string {
  return layout(
    'Codex Sign-in',
    `<h1>No sign-in has completed yet</h1>
<p>Finish signing in from the link the terminal printed, or start again with <code>codex-auth login</code>.</p>`,
  );
}
