// Logout's best-effort revoke (spec §9.3 step 2; observed §3), called just before the credentials
// are deleted: POST <revoke URL> with the stored ChatGPT refresh token (or access token), default
// Codex headers, at most 10 s. Every failure is a warning on stderr; it never throws, so a failing
// or hanging revoke server never keeps the local credentials.
import { revokeEndpointFor } from '../auth/endpoints.js';
import { loadForRevoke, revokeBestEffort, revokeTarget } from '../auth/logout.js';
import { oauthRevoke } from '../auth/oauth-calls.js';
import type { AuthConfig } from '../config/types.js';
import type { CredentialStore } from '../store/types.js';
import type { CliIO } from './io.js';

export async function revokeBeforeDelete(opts: { io: CliIO; config: AuthConfig; store: CredentialStore }): Promise<void> {
  const { io } = opts;
  const warn = (m: string) => io.stderr.write(`${m}\n`);
  try {
    // A store that cannot be read has nothing to revoke; like the reference, logout then just deletes
    // it (no extra output: the official binary prints only `Successfully logged out`).
    const doc = await loadForRevoke(opts.store, () => {});
    if (!revokeTarget(doc)) return; // API keys, access tokens, nothing stored: no network at all
    const { createTransport } = await import('../net/transport.js');
    const transport = createTransport({ env: io.env, strictCa: false, warn });
    try {
      const { url, clientId } = revokeEndpointFor(io.env);
      await revokeBestEffort({ revoke: oauthRevoke(transport.fetch, io.env), revokeUrl: url, clientId, warn }, doc);
    } finally {
      await transport.close().catch(() => {});
    }
  } catch {
    // Best effort by contract: deletion proceeds whatever happened here.
  }
}
