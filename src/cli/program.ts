// The command line as commander@14 sees it: every command, flag, help text and clap-style
// argument error. Each command lives in ./commands/<name>.ts as an options object + `run(opts)`
// and is imported only when it runs. Argument errors and help look like the official binary's
// clap output (observed §1.1, §1.2): errors on stderr with exit 2, help on stdout with exit 0.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ARGS, HELP, USAGE } from '../messages/help.js';
import { TOKEN } from '../messages/token.js';
import type { LoginFlags } from './commands/login.js';
import type { ConfigArgs } from './config-args.js';
import type { CliIO } from './io.js';

/** Stops parsing: print `text` to `stream` and exit with `code`. */
class EarlyExit extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
    readonly toStdout: boolean,
  ) {
    super('early exit');
  }
}

interface CommandInfo {
  usage: string | null;
  longHelp: string;
  shortHelp: string;
}

const info = new WeakMap<Command, CommandInfo>();

function argError(cmd: Command, line: string, withUsage = true): EarlyExit {
  const usage = withUsage ? (info.get(cmd)?.usage ?? null) : null;
  return new EarlyExit(2, ARGS.format(line, usage), false);
}

/** A commander Command whose errors become clap's messages. */
class ClapCommand extends Command {
  override createCommand(name?: string): Command {
    return new ClapCommand(name);
  }

  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    const code = errorOptions?.code ?? '';
    const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
    if (code === 'commander.unknownOption') throw argError(this, ARGS.unexpected(quoted));
    if (code === 'commander.unknownCommand') throw argError(this, ARGS.unrecognizedSubcommand(quoted));
    if (code === 'commander.optionMissingArgument') throw argError(this, ARGS.valueRequired(clapFlag(quoted)), false);
    if (code === 'commander.excessArguments') throw argError(this, message.replace(/^error: /, 'error: '));
    throw argError(this, message);
  }
}

/** `-c, --config <key=value>` → `--config <key=value>` (clap names the long form). */
function clapFlag(flags: string): string {
  const parts = flags.split(/,\s*/);
  return parts[parts.length - 1]!;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** -c/--config, --enable, --disable (repeatable) and -h/--help, on every command. */
function addCommonOptions(cmd: Command, help: CommandInfo): Command {
  info.set(cmd, help);
  cmd
    .helpOption(false)
    .addOption(new Option('-c, --config <key=value>').argParser(collect))
    .addOption(new Option('--enable <FEATURE>').argParser(collect))
    .addOption(new Option('--disable <FEATURE>').argParser(collect))
    .addOption(new Option('-h').hideHelp())
    .addOption(new Option('--help').hideHelp());
  cmd.on('option:h', () => {
    throw new EarlyExit(0, help.shortHelp, true);
  });
  cmd.on('option:help', () => {
    throw new EarlyExit(0, help.longHelp, true);
  });
  return cmd;
}

/** Flags that may appear once: a second occurrence (or its alias) is clap's error. */
function once(cmd: Command, flags: { event: string; clap: string }[]): void {
  let seen: string | undefined;
  for (const f of flags) {
    cmd.on(`option:${f.event}`, () => {
      if (seen === f.clap) throw argError(cmd, ARGS.usedTwice(f.clap));
      if (seen !== undefined) throw argError(cmd, ARGS.conflict(f.clap, seen));
      seen = f.clap;
    });
  }
}

/**
 * `--device-auth` with `--with-api-key` / `--with-access-token` is clap's conflict error (exit 2),
 * raised before anything happens (the reference lets `--device-auth` win and ignores the piped
 * secret). `--with-api-key --with-access-token` keeps the reference's own line (login.ts).
 */
function loginModesExclusive(cmd: Command): void {
  let first: string | undefined;
  for (const f of ['device-auth', 'with-api-key', 'with-access-token']) {
    cmd.on(`option:${f}`, () => {
      const clap = `--${f}`;
      if (first !== undefined && first !== clap && (first === '--device-auth' || clap === '--device-auth')) throw argError(cmd, ARGS.conflict(clap, first));
      first ??= clap;
    });
  }
}

function configArgs(...cmds: (Command | null | undefined)[]): ConfigArgs {
  const out: ConfigArgs = { overrides: [], enable: [], disable: [] };
  for (const c of cmds) {
    if (!c) continue;
    const o = c.opts<{ config?: string[]; enable?: string[]; disable?: string[] }>();
    out.overrides.push(...(o.config ?? []));
    out.enable.push(...(o.enable ?? []));
    out.disable.push(...(o.disable ?? []));
  }
  return out;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function buildProgram(io: CliIO, setResult: (p: Promise<number>) => void): Command {
  const program = new ClapCommand('codex-auth');
  addCommonOptions(program, { usage: USAGE.root, longHelp: HELP.root, shortHelp: HELP.root });
  program
    .enablePositionalOptions()
    .addOption(new Option('-V, --version').hideHelp())
    .argument('[rest...]')
    .action((rest: string[]) => {
      if (rest.length > 0) throw argError(program, ARGS.unrecognizedSubcommand(rest[0]!));
      throw new EarlyExit(2, HELP.root, false);
    });
  program.on('option:version', () => {
    throw new EarlyExit(0, `codex-auth ${packageVersion()}\n`, true);
  });

  // login
  const login = program.command('login');
  addCommonOptions(login, { usage: USAGE.login, longHelp: HELP.loginLong, shortHelp: HELP.loginShort });
  login
    .enablePositionalOptions()
    .addOption(new Option('--with-api-key'))
    .addOption(new Option('--with-access-token'))
    .addOption(new Option('--device-auth'))
    .addOption(new Option('--api-key [VALUE]').hideHelp())
    .addOption(new Option('--issuer <URL>'))
    .addOption(new Option('--experimental_issuer <URL>').hideHelp())
    .addOption(new Option('--client-id <ID>'))
    .addOption(new Option('--experimental_client-id <CLIENT_ID>').hideHelp())
    .argument('[rest...]')
    .action((rest: string[]) => {
      if (rest.length > 0) throw argError(login, ARGS.unrecognizedSubcommand(rest[0]!));
      const flags = login.opts<LoginFlags>();
      setResult(import('./commands/login.js').then((m) => m.run({ io, configArgs: configArgs(program, login), ...m.optionsFromFlags(flags) })));
    });
  for (const f of ['with-api-key', 'with-access-token', 'device-auth']) once(login, [{ event: f, clap: `--${f}` }]);
  loginModesExclusive(login);
  once(login, [{ event: 'api-key', clap: '--api-key [<VALUE>]' }]);
  once(login, [
    { event: 'experimental_issuer', clap: '--experimental_issuer <URL>' },
    { event: 'issuer', clap: '--issuer <URL>' },
  ]);
  once(login, [
    { event: 'experimental_client-id', clap: '--experimental_client-id <CLIENT_ID>' },
    { event: 'client-id', clap: '--client-id <ID>' },
  ]);

  const status = login.command('status');
  addCommonOptions(status, { usage: USAGE.loginStatus, longHelp: HELP.loginStatusLong, shortHelp: HELP.loginStatusShort });
  // `--json` is ours (hidden so the help text stays the official one; see docs/library.md).
  status.addOption(new Option('--json').hideHelp()).addOption(new Option('--profile <NAME>').hideHelp());
  status.argument('[rest...]').action((rest: string[]) => {
    if (rest.length > 0) throw argError(status, ARGS.unexpected(rest[0]!));
    const { json, profile } = status.opts<{ json?: boolean; profile?: string }>();
    setResult(import('./commands/login-status.js').then((m) => m.run({ io, configArgs: configArgs(program, login, status), json: json === true, ...(profile !== undefined ? { profile } : {}) })));
  });

  const loginHelp = login.command('help').helpOption(false).argument('[command...]');
  loginHelp.action((names: string[]) => {
    if (names.length === 0) throw new EarlyExit(0, HELP.loginLong, true);
    if (names[0] === 'status' && names.length === 1) throw new EarlyExit(0, HELP.loginStatusLong, true);
    throw argError(login, ARGS.unrecognizedSubcommand(names[names.length === 1 || names[0] !== 'status' ? 0 : 1]!));
  });

  // logout
  const logout = program.command('logout');
  addCommonOptions(logout, { usage: USAGE.logout, longHelp: HELP.logoutLong, shortHelp: HELP.logoutShort });
  logout.argument('[rest...]').action((rest: string[]) => {
    if (rest.length > 0) throw argError(logout, ARGS.unexpected(rest[0]!));
    setResult(import('./commands/logout.js').then((m) => m.run({ io, configArgs: configArgs(program, logout) })));
  });

  // token (ours): `--json` and the common options.
  const token = program.command('token');
  addCommonOptions(token, { usage: USAGE.token, longHelp: TOKEN.help, shortHelp: TOKEN.help });
  token.addOption(new Option('--json')).addOption(new Option('--profile <NAME>'));
  token.argument('[rest...]').action((rest: string[]) => {
    if (rest.length > 0) throw argError(token, ARGS.unexpected(rest[0]!));
    const { json, profile } = token.opts<{ json?: boolean; profile?: string }>();
    setResult(import('./commands/token.js').then((m) => m.run({ io, configArgs: configArgs(program, token), json: json === true, ...(profile !== undefined ? { profile } : {}) })));
  });

  // issuer: its helper parses its own arguments.
  const issuer = program.command('issuer').helpOption(false).allowUnknownOption().passThroughOptions().argument('[args...]');
  issuer.action((args: string[]) => {
    setResult(import('./commands/issuer.js').then((m) => m.run({ io, args })));
  });

  // fleet (ours): its dispatcher parses its own arguments (commands/fleet.ts).
  const fleet = program.command('fleet').helpOption(false).allowUnknownOption().passThroughOptions().argument('[args...]');
  fleet.action((args: string[]) => {
    setResult(import('./commands/fleet.js').then((m) => m.run({ io, args })));
  });

  // profile (ours, issue 14): its command parses its own arguments.
  const profile = program.command('profile').helpOption(false).allowUnknownOption().passThroughOptions().argument('[args...]');
  profile.action((args: string[]) => {
    setResult(import('./commands/profile.js').then((m) => m.run({ io, configArgs: configArgs(program), args })));
  });

  const rootHelp = program.command('help').helpOption(false).argument('[command...]');
  rootHelp.action((names: string[]) => {
    const texts: Record<string, string> = { login: HELP.loginLong, logout: HELP.logoutLong, 'login status': HELP.loginStatusLong };
    const key = names.join(' ');
    if (key === '') throw new EarlyExit(0, HELP.root, true);
    const text = texts[key];
    if (text === undefined) throw argError(program, ARGS.unrecognizedSubcommand(names[names.length - 1]!));
    throw new EarlyExit(0, text, true);
  });

  for (const c of [program, login, status, logout, loginHelp, rootHelp, ...program.commands]) {
    c.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} }).showSuggestionAfterError(false);
  }
  return program;
}

/** Parses argv with commander and runs the chosen command; resolves the exit code. */
export async function runProgram(io: CliIO, argv: string[]): Promise<number> {
  let result: Promise<number> | undefined;
  try {
    const program = buildProgram(io, (p) => {
      result = p;
    });
    await program.parseAsync(argv, { from: 'user' });
    if (!result) return 0;
    return await result;
  } catch (e) {
    if (e instanceof EarlyExit) {
      (e.toStdout ? io.stdout : io.stderr).write(e.text);
      return e.code;
    }
    if (e instanceof CommanderError) {
      io.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
