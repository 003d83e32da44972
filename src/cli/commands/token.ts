// `codex-auth token`: prints a valid bearer token for scripts on stdout (refreshing first when it
// is about to expire, with the cross-process single-flight refresh), e.g.
//   curl -H "Authorization: Bearer $(codex-auth token)" -H "ChatGPT-Account-ID: $(codex-auth token --json | jq -r .account_id)" …
// `--json` prints {token, token_type, mode, account_id, plan_type, expires_at}. Exit 0 on success;
// 1 when not logged in or the token cannot be refreshed (one line on stderr); 2 for bad arguments.
import { isCodexAuthError } from '../../errors.js';
import { TOKEN } from '../../messages/token.js';
import { openAuthManager } from '../open-auth-manager.js';
import { writeToken } from '../token-output.js';
import { chosenProfile } from '../profile-arg.js';
import { loadCliConfig, type ConfigArgs } from '../config-args.js';
import type { CliIO } from '../io.js';

export interface TokenOptions {
  io: CliIO;
  configArgs: ConfigArgs;
  /** `--json`: {token, token_type, mode, account_id, plan_type, expires_at} instead of the bare token. */
  json?: boolean;
  /** `--profile NAME`: a saved profile, refreshed in place when due (CODEX_AUTH_PROFILE when absent). */
  profile?: string;
}

export async function run(opts: TokenOptions): Promise<number> {
  const { io } = opts;
  const profile = await chosenProfile(io, opts.profile);
  if (profile === null) return 2;
  const loaded = await loadCliConfig(io, opts.configArgs);
  if (!loaded.ok) return loaded.exitCode;
  let manager;
  try {
    manager = await openAuthManager(io, loaded.config, profile);
    const info = await manager.getAuth();
    return writeToken({ stdout: (t) => io.stdout.write(t), stderr: (t) => io.stderr.write(t) }, info, opts.json === true);
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${TOKEN.errorPrefix}${e.message}\n`);
    return 1;
  } finally {
    await manager?.close();
  }
}
