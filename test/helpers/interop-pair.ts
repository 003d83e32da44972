// Runs the same command with the official binary and with ours, each on its own copy of a
// CODEX_HOME, so an interop test can compare stderr, exit code and the files left behind.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { baseEnv, runOfficial, runOurs, tempDir, type RunResult } from './run.js';

export interface PairOptions {
  /** Files to create in each CODEX_HOME (relative path → content). */
  files?: Record<string, string>;
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Use this CODEX_HOME value instead of the temp dir (e.g. a missing path). */
  codexHome?: string;
}

export interface Side {
  home: string;
  result: RunResult;
}

export interface Pair {
  official: Side;
  ours: Side;
  cleanup(): void;
}

function prepare(files: Record<string, string> | undefined): { path: string; cleanup: () => void } {
  const d = tempDir('codex-auth-interop-');
  for (const [rel, content] of Object.entries(files ?? {})) {
    const p = join(d.path, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return d;
}

export async function runPair(args: string[], opts: PairOptions = {}): Promise<Pair> {
  const a = prepare(opts.files);
  const b = prepare(opts.files);
  const env = (home: string) => baseEnv(opts.codexHome ?? home, opts.env ?? {});
  const [official, ours] = await Promise.all([
    runOfficial(args, { env: env(a.path), stdin: opts.stdin }),
    runOurs(args, { env: env(b.path), stdin: opts.stdin }),
  ]);
  return {
    official: { home: a.path, result: official },
    ours: { home: b.path, result: ours },
    cleanup: () => {
      a.cleanup();
      b.cleanup();
    },
  };
}

/** Official clap output names the binary `codex`; ours `codex-auth`. */
export function asOurs(text: string): string {
  return text.replace(/Usage: codex /g, 'Usage: codex-auth ');
}
