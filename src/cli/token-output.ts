// What `codex-auth token` prints for the credentials the AuthManager resolved (shared by the
// command and the CLI's quick path, src/cli/quick.ts): the token, or with `--json`
// {token, token_type, mode, account_id, plan_type, expires_at}, on stdout; exit 0. Not logged
// in, or credentials without a bearer token: one line on stderr, exit 1.
import type { AuthInfo } from '../auth/auth-info.js';
import { TOKEN } from '../messages/token.js';

export interface TokenWriters {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Writes the answer for `info` (null: not logged in) and returns the exit code. */
export function writeToken(out: TokenWriters, info: AuthInfo | null, json: boolean): number {
  if (!info) {
    out.stderr(`${TOKEN.notLoggedIn}\n`);
    return 1;
  }
  if (!info.token) {
    out.stderr(`${TOKEN.errorPrefix}${TOKEN.noBearer(info.mode)}\n`);
    return 1;
  }
  if (!json) {
    out.stdout(`${info.token}\n`);
    return 0;
  }
  const doc = {
    token: info.token,
    token_type: 'Bearer',
    mode: info.mode,
    account_id: info.accountId ?? null,
    plan_type: info.planType ?? null,
    expires_at: info.expiresAt?.toISOString() ?? null,
  };
  out.stdout(`${JSON.stringify(doc)}\n`);
  return 0;
}
