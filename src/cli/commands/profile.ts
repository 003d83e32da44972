// `codex-auth profile save|list|use|remove` (issue 14; ours: the official CLI has none). Arguments
// are parsed here (program.ts passes them through). Messages on stderr; `list` prints its table or
// JSON on stdout. Exit 0 on success, 1 on a refusal or failure (one line), 2 on bad arguments or
// a bad profile name (one line, nothing written).
import { parseArgs } from 'node:util';
import { isCodexAuthError } from '../../errors.js';
import { ARGS } from '../../messages/help.js';
import { PROFILES, shownName } from '../../messages/profiles.js';
import { checkProfileName } from '../../profiles/name.js';
import { loadCliConfig, type ConfigArgs } from '../config-args.js';
import type { CliIO } from '../io.js';

export interface ProfileCommandOptions {
  io: CliIO;
  /** The root's `-c` flags. */
  configArgs: ConfigArgs;
  /** Everything after `profile`. */
  args: string[];
}

type Parsed = { action: 'save' | 'list' | 'use' | 'remove' | 'help'; name?: string; force: boolean; json: boolean; revoke: boolean; config: string[] };

const ACTIONS: Record<string, { flags: string[]; needsName: boolean }> = {
  save: { flags: ['force'], needsName: true },
  list: { flags: ['json'], needsName: false },
  use: { flags: [], needsName: true },
  remove: { flags: ['revoke'], needsName: true },
};

class ArgError extends Error {}

function parse(args: string[]): Parsed {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c', multiple: true },
      enable: { type: 'string', multiple: true },
      disable: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      revoke: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, name, ...rest] = positionals;
  if (action === undefined && !values.help) throw new ArgError(`${PROFILES.needsSubcommand}\n\n${PROFILES.help.trimEnd()}`);
  if (values.help || action === undefined || action === 'help') return { action: 'help', force: false, json: false, revoke: false, config: [] };
  const spec = ACTIONS[action];
  if (!spec) throw new ArgError(ARGS.unrecognizedSubcommand(shownName(action)));
  for (const f of ['force', 'json', 'revoke'] as const) if (values[f] && !spec.flags.includes(f)) throw new ArgError(ARGS.unexpected(`--${f}`));
  const extra = spec.needsName ? rest[0] : name;
  if (extra !== undefined) throw new ArgError(ARGS.unexpected(shownName(extra)));
  if (spec.needsName && name === undefined) throw new ArgError(PROFILES.needsName(action));
  return {
    action: action as Parsed['action'],
    ...(spec.needsName ? { name: checkProfileName(name!) } : {}),
    force: values.force === true,
    json: values.json === true,
    revoke: values.revoke === true,
    config: values.config ?? [],
  };
}

export async function run(opts: ProfileCommandOptions): Promise<number> {
  const { io } = opts;
  let p: Parsed;
  try {
    p = parse(opts.args);
  } catch (e) {
    const line = isCodexAuthError(e) ? e.message : e instanceof ArgError ? e.message : shownName((e as Error).message.split('\n')[0]!);
    io.stderr.write(`${line.startsWith('error: ') ? line : `error: ${line}`}\n`);
    return 2;
  }
  if (p.action === 'help') {
    io.stdout.write(PROFILES.help);
    return 0;
  }
  const loaded = await loadCliConfig(io, { ...opts.configArgs, overrides: [...opts.configArgs.overrides, ...p.config] });
  if (!loaded.ok) return loaded.exitCode;
  const say = (line: string) => io.stderr.write(`${line}\n`);
  try {
    const { openProfileContext } = await import('../profile-context.js');
    const ctx = await openProfileContext(io, loaded.config);
    const profiles = await import('../../profiles/index.js');
    switch (p.action) {
      case 'list': {
        const { profileListJson, profileListText } = await import('../profile-list-output.js');
        const entries = await profiles.listProfiles(ctx);
        io.stdout.write(p.json ? profileListJson(entries) : profileListText(entries));
        return 0;
      }
      case 'save': {
        const r = await profiles.saveProfile(ctx, p.name!, { force: p.force });
        say(PROFILES[r.kind](p.name!, r.who));
        return 0;
      }
      case 'use': {
        const r = await profiles.useProfile(ctx, p.name!);
        say(r.kind === 'switched' ? PROFILES.switched(p.name!, r.who) : PROFILES.alreadyActive(p.name!));
        return 0;
      }
      case 'remove': {
        const { cliRevoker } = await import('../revoke.js');
        const { revokeBestEffort } = await import('../../auth/revoke.js');
        const revoker = cliRevoker(io);
        const revoke = p.revoke
          ? async (doc: import('../../store/types.js').AuthDotJson) => {
              await revokeBestEffort({ revoke: revoker.revoke, env: io.env, warn: (m) => io.stderr.write(`${m}\n`), ...(io.signal ? { signal: io.signal } : {}) }, doc);
            }
          : undefined;
        const r = await profiles.removeProfile(ctx, p.name!, revoke ? { revoke } : {}).finally(() => revoker.close());
        say(r.active ? PROFILES.removedActive(p.name!) : PROFILES.removed(p.name!));
        return 0;
      }
    }
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    say(`${PROFILES.errorPrefix}${e.message.split('\n')[0]}`);
    return 1;
  }
}
