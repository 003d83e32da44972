/**
 * Which token endpoint a workload identity exchange goes to, from config `chatgpt_base_url`
 * (codex-0171-delta.md §1.2 step 5): trimmed, one trailing `/` dropped, `https://` on chatgpt.com
 * or chat.openai.com (production) or chatgpt-staging.com (staging), with path ``, `/backend-api`,
 * `/codex` or `/backend-api/codex`; the host is case-sensitive. There is no URL override.
 */

export const PRODUCTION_TOKEN_URL = 'https://auth.openai.com/oauth/token';
export const STAGING_TOKEN_URL = 'https://auth.api.openai.org/oauth/token';
const DEFAULT_CHATGPT_BASE_URL = 'https://chatgpt.com/backend-api/';

const ROUTED = /^https:\/\/(chatgpt\.com|chat\.openai\.com|chatgpt-staging\.com)(|\/backend-api|\/codex|\/backend-api\/codex)$/;

/** The token URL for this routing, or undefined when it is not a trusted one. */
export function workloadTokenUrl(chatgptBaseUrl: string | undefined): string | undefined {
  let base = (chatgptBaseUrl ?? DEFAULT_CHATGPT_BASE_URL).trim();
  if (base.endsWith('/')) base = base.slice(0, -1);
  const m = ROUTED.exec(base);
  if (!m) return undefined;
  return m[1] === 'chatgpt-staging.com' ? STAGING_TOKEN_URL : PRODUCTION_TOKEN_URL;
}
