// The effective auth mode of a stored document (a leaf: the CLI's quick path uses it without
// loading auth.json's full parser).
import type { AuthDotJson, AuthMode } from './types.js';

/**
 * The effective mode of a stored document (spec §2.1): auth_mode; else personal_access_token ⇒
 * personalAccessToken; else bedrock_api_key ⇒ bedrockApiKey; else a non-null OPENAI_API_KEY ⇒
 * apikey; else chatgpt.
 */
export function resolveAuthMode(doc: AuthDotJson): AuthMode {
  if (doc.auth_mode) return doc.auth_mode;
  if (doc.personal_access_token != null) return 'personalAccessToken';
  if (doc.bedrock_api_key != null) return 'bedrockApiKey';
  if (doc.OPENAI_API_KEY != null) return 'apikey';
  return 'chatgpt';
}
