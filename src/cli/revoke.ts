// The CLI's side of logout's revoke: a RevokeFn that opens the lenient transport (default roots
// on a bad CA bundle, with a warning) only when there is something to revoke, and closes it.
// What to revoke, where, how long: auth/revoke.ts.
import { oauthRevoke } from '../auth/oauth-calls.js';
import type { RevokeFn } from '../auth/revoke.js';
import type { Transport } from '../net/types.js';
import type { CliIO } from './io.js';

export function cliRevoker(io: CliIO): { revoke: RevokeFn; close: () => Promise<void> } {
  let transport: Transport | undefined;
  return {
    revoke: async (call) => {
      const { createTransport } = await import('../net/transport.js');
      transport ??= createTransport({ env: io.env, strictCa: false, warn: (m) => io.stderr.write(`${m}\n`) });
      return oauthRevoke(transport.fetch, io.env)(call);
    },
    close: async () => {
      await transport?.close().catch(() => {});
    },
  };
}
