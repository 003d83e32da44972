// Messages of config loading (config.toml, `-c key=value`) and of the login policy
// (forced_login_method, forced_chatgpt_workspace_id). Texts copied from codex 0.169.0.

export const CONFIG = {
  /** Prefix the CLI puts before any config error (`Error loading configuration: <msg>`). */
  loadingPrefix: 'Error loading configuration: ',
  /** Prefix for a malformed `-c` argument. */
  overridesPrefix: 'Error parsing -c overrides: ',
  overrideMissingEquals: (raw: string) => `Invalid override (missing '='): ${raw}`,
  overrideEmptyKey: (raw: string) => `Empty key in override: ${raw}`,
  /** A value that came from `-c`: serde's message, then `in \`key\``, then an empty line. */
  inKey: (message: string, key: string) => `${message}\nin \`${key}\`\n`,
  /** A value that came from config.toml: `<file>:<line>:<col>: <message>`. */
  atFile: (message: string, file: string, line: number, column: number) => `${file}:${line}:${column}: ${message}`,
  unknownVariant: (value: string, expected: readonly string[]) =>
    `unknown variant \`${value}\`, expected ${expectedList(expected)}`,
  enumNotString: 'invalid type: unit variant, expected string only',
  enumEmptyTable: 'wanted exactly 1 element, found 0 elements',
  enumBigTable: 'wanted exactly 1 element, more than 1 element',
  notAString: (what: string) => `invalid type: ${what}, expected a string`,
  workspaceNotStringOrList: 'data did not match any variant of untagged enum Repr',
  /**
   * Ours, after the reference's cryptic serde words (wrong type for an enum or the workspace key):
   * what the key accepts.
   */
  withHint: (message: string, hint: string) => `${message} (${hint})`,
  enumHint: (key: string, expected: readonly string[]) => {
    const q = expected.map((e) => `"${e}"`);
    return `set ${key} to ${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
  },
  workspaceHint: 'set forced_chatgpt_workspace_id to a workspace ID string or a TOML list of strings',
  workspaceCommaString:
    'forced_chatgpt_workspace_id must be a single workspace ID string or a TOML list of strings; comma-separated strings are not supported. Use `forced_chatgpt_workspace_id = ["123e4567-e89b-42d3-a456-426614174000", "123e4567-e89b-42d3-a456-426614174001"]` instead.',
  /** Our own (the reference's TOML parser words differ): a syntax error in config.toml. */
  tomlSyntax: (detail: string) => `${detail} (fix the TOML syntax in this file, or move it away)`,
  readFailed: (file: string, detail: string) => `failed to read ${file}: ${detail}`,
} as const;

function expectedList(expected: readonly string[]): string {
  const q = expected.map((e) => `\`${e}\``);
  if (q.length === 1) return q[0]!;
  if (q.length === 2) return `${q[0]} or ${q[1]}`;
  return `one of ${q.join(', ')}`;
}

export const POLICY = {
  chatgptLoginDisabled: 'ChatGPT login is disabled. Use API key login instead.',
  apiKeyLoginDisabled: 'API key login is disabled. Use ChatGPT login instead.',
  accessTokenLoginDisabled: 'Access token login is disabled. Use API key login instead.',
  /** Login-time workspace check (spec §11.3): the token has no chatgpt_account_id claim. */
  workspaceClaimMissing:
    'Login is restricted to a specific workspace, but the token did not include an chatgpt_account_id claim.',
  /** Login-time workspace check (spec §11.3): the token's workspace is not allowed. */
  workspaceMismatch: (allowed: readonly string[]) => `Login is restricted to workspace id(s) ${allowed.join(', ')}.`,
} as const;
