// `codex-auth token`: prints a valid bearer token for scripts on stdout (refreshing first when it
// is about to expire, with the cross-process single-flight refresh), e.g.
//   curl -H "Authorization: Bearer $(codex-auth token)" -H "ChatGPT-Account-ID: $(codex-auth token --json | jq -r .account_id)" …
// `--json` prints {token, token_type, mode, account_id, plan_type, expires_at}. Exit 0 on success;
// 1 when not logged in or the token cannot be refreshed (one line on stderr); 2 for bad arguments.
import { isCodexAuthError } from '../../errors.js';
import { TOKEN } from '../../messages/token.js';
import { openAuthManager } from '../auth-manager.js';
import { writeToken } from '../token-output.js';
import { loadCliConfig, type ConfigArgs } from '../config-args.js';
import type { CliIO } from '../io.js';

export interface TokenOptions {
  io: CliIO;
  /** Everything after `token` on the command line, unparsed. */
  args: string[];
}

interface Parsed {
  json: boolean;
  help: boolean;
  configArgs: ConfigArgs;
}

/** `--json`, `-c/--config key=value` (also `--config=…`), `--enable/--disable NAME`, `-h/--help`. */
export function parseTokenArgs(args: string[]): Parsed | { error: string } {
  const out: Parsed = { json: false, help: false, configArgs: { overrides: [], enable: [], disable: [] } };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = args[++i];
      if (v === undefined) throw new Error(TOKEN.missingValue(flag));
      return v;
    };
    try {
      if (flag === '--json') out.json = true;
      else if (flag === '-h' || flag === '--help') out.help = true;
      else if (flag === '-c' || flag === '--config') out.configArgs.overrides.push(value());
      else if (flag === '--enable') out.configArgs.enable.push(value());
      else if (flag === '--disable') out.configArgs.disable.push(value());
      else return { error: TOKEN.unexpectedArgument(a) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return out;
}

export async function run(opts: TokenOptions): Promise<number> {
  const { io } = opts;
  const parsed = parseTokenArgs(opts.args);
  if ('error' in parsed) {
    io.stderr.write(`${parsed.error}\n\n${TOKEN.usage}\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(TOKEN.help);
    return 0;
  }
  const loaded = await loadCliConfig(io, parsed.configArgs);
  if (!loaded.ok) return loaded.exitCode;
  let manager;
  try {
    manager = await openAuthManager(io, loaded.config);
    const info = await manager.getAuth();
    return writeToken({ stdout: (t) => io.stdout.write(t), stderr: (t) => io.stderr.write(t) }, info, parsed.json);
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${TOKEN.errorPrefix}${e.message}\n`);
    return 1;
  } finally {
    await manager?.close();
  }
}
