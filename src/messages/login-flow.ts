// Messages of the sign-in flows (browser, device code, access token). Texts the official Codex CLI
// 0.169.0 prints are copied byte for byte (codex-cli-observed.md §2); our additions say so.

export const LOGIN_FLOW = {
  // ---- browser sign-in: the start block on stderr (observed §2.1.1)
  startingServer: (port: number) => `Starting local login server on http://localhost:${port}.`,
  ifBrowserDidNotOpen: 'If your browser did not open, navigate to this URL to authenticate:',
  useDeviceAuthOnHeadless: 'On a remote or headless machine? Use `codex login --device-auth` instead.',
  // ours: printed instead of opening a browser that cannot be there
  headlessNoBrowser: (why: string) =>
    `No browser was opened (${why}). Open the URL above in a browser on any machine, or use \`codex-auth login --device-auth\`.`,
  browserNone: 'BROWSER=none: no browser was opened.',
  // ours: the pasted-URL path
  pasteHint:
    'If the browser ends on a page that cannot be reached (another machine, a container), copy the address from its address bar, paste it here and press Enter.',
  pasteNotACallback:
    'That is not the sign-in address: paste the whole URL from the browser address bar (it contains /auth/callback?code=...&state=...).',
  pasteStateMismatch:
    'That address belongs to a different sign-in (state mismatch): use the URL the browser ended on after this sign-in.',
  pasteAlreadyUsed: 'That address was already used; wait for this sign-in to finish.',
  waiting: 'Waiting for the sign-in to complete in the browser (Ctrl-C to cancel)...',
  stillWaiting: (elapsed: string) => `Still waiting for the sign-in (${elapsed} elapsed)...`,
  spinner: (elapsed: string) => `Waiting for the sign-in to complete in the browser... ${elapsed} (Ctrl-C to cancel)`,

  // ---- callback outcomes (observed §2.1.4; spec §5.5)
  oauthCallbackError: (m: string) => `OAuth callback error: ${m}`,
  tokenExchangeError: (m: string) => `Token exchange error: ${m}`,
  workspaceRestrictionError: (m: string) => `Workspace restriction error: ${m}`,
  persistError: (m: string) => `Persist error: ${m}`,
  signInFailed: (detail: string) => `Sign-in failed: ${detail}`,
  missingEntitlement:
    'Codex is not enabled for your workspace. Contact your workspace administrator to request access to Codex.',
  missingCode: 'Missing authorization code. Sign-in could not be completed.',
  tokenExchangeFailed: (m: string) => `Token exchange failed: ${m}`,
  persistFailed: 'Sign-in completed but credentials could not be saved locally.',
  loginCancelled: 'Login cancelled',
  loginInterrupted: 'Login interrupted',
  stateMismatch: 'State mismatch',
  // ours: replayed callback and /success before a callback
  stateAlreadyUsed: 'This sign-in response was already used. Start a new sign-in with `codex-auth login`.',
  misdirected: 'Refused: this request was not addressed to the local login server (unexpected Host header).',

  // the reference says only `builder error` for an issuer without a scheme (observed §1.2); we add what to do
  badIssuer: (given: string) =>
    `builder error: the issuer ${JSON.stringify(given)} is not an http:// or https:// URL; pass e.g. --issuer https://auth.openai.com`,

  // ---- port handling (observed §2.1.3; spec §5.3)
  portInUse: (addr: string) => `Port ${addr} is already in use`,
  /** 403 body for a `/cancel` a web page sent (Origin / Sec-Fetch-Site of another site). */
  crossSiteCancel: 'Refused: a web page cannot cancel a pending sign-in.',
  cancelPreviousFailed: (err: string) => `Failed to cancel previous login server: ${err}`,

  // ---- device code (observed §2.2; spec §6)
  // ours, appended to the reference's `device code login is not enabled ...` (OAUTH.deviceNotEnabled)
  deviceNotEnabledHint:
    ' Run `codex-auth login` without --device-auth, or ask your ChatGPT workspace admin to allow device code sign-in.',
  devicePromptTitle: 'Welcome to Codex',
  devicePromptTagline: "OpenAI's command-line coding agent",
  devicePromptIntro: 'Follow these steps to sign in with ChatGPT using device code authorization:',
  devicePromptStep1: '1. Open this link in your browser and sign in to your account',
  devicePromptStep2: '2. Enter this one-time code',
  devicePromptExpires: '(expires in 15 minutes)',
  devicePromptWarning:
    'Continue only if you started this login in Codex. If a website or another person gave you this code, cancel.',
} as const;
