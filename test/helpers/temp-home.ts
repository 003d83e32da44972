// A throwaway CODEX_HOME for one test: created, handed to `fn`, removed afterwards.
import { tempDir } from './run.js';

export async function withTempHome(fn: (home: string) => Promise<void>): Promise<void> {
  const d = tempDir('codex-auth-home-');
  try {
    await fn(d.path);
  } finally {
    d.cleanup();
  }
}
