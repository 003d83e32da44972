// Logout's best-effort revoke (spec §9.3 step 2), called just before the credentials are deleted.
// It currently does NOTHING: the auth helper fills it in (POST <revoke URL> with the stored
// refresh token, 10 s timeout, every failure only logged). It must never throw.
import type { AuthConfig } from '../config/types.js';
import type { CredentialStore } from '../store/types.js';
import type { CliIO } from './io.js';

export async function revokeBeforeDelete(_opts: { io: CliIO; config: AuthConfig; store: CredentialStore }): Promise<void> {
  // Intentionally empty until the revoke client exists (see the file comment).
}
