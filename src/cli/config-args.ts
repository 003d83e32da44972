// The config flags every command takes (`-c key=value`, `--enable`, `--disable`) and the one
// way commands turn them into an AuthConfig, printing the reference's error lines on failure.
import { isCodexAuthError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { checkOverrides } from '../config/overrides.js';
import type { AuthConfig } from '../config/types.js';
import { CONFIG } from '../messages/config.js';
import type { CliIO } from './io.js';
import { resolveHome } from './store-access.js';

export interface ConfigArgs {
  /** `-c key=value`, in order (root, then parent command, then the command itself). */
  overrides: string[];
  enable: string[];
  disable: string[];
}

export const NO_CONFIG_ARGS: ConfigArgs = { overrides: [], enable: [], disable: [] };

/** A config, or the exit code after an error line was printed to stderr. */
export type ConfigResult = { ok: true; config: AuthConfig } | { ok: false; exitCode: number };

/**
 * `-c` syntax first (`Error parsing -c overrides: ...`), then CODEX_HOME and config.toml
 * (`Error loading configuration: ...`), in the order codex 0.169.0 reports them.
 */
export async function loadCliConfig(io: CliIO, args: ConfigArgs): Promise<ConfigResult> {
  try {
    checkOverrides(args.overrides);
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${CONFIG.overridesPrefix}${e.message}\n`);
    return { ok: false, exitCode: 1 };
  }
  try {
    const codexHome = resolveHome(io.env);
    const config = await loadConfig({ codexHome, overrides: args.overrides, enable: args.enable, disable: args.disable });
    return { ok: true, config };
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    io.stderr.write(`${CONFIG.loadingPrefix}${e.message}\n`);
    return { ok: false, exitCode: 1 };
  }
}
