/**
 * `fleet exec`'s private CODEX_HOME (0700, in the temp directory): auth.json with the fleet's
 * current access and id tokens and a per-run placeholder instead of the refresh token, and a copy
 * of the user's config.toml with `cli_auth_credentials_store = "file"` (the child must read this
 * auth.json, not a keyring). Removed by `remove()` (synchronous, so an exit hook can call it).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessRecord } from './records.js';
import { docOf } from './doc.js';

export interface ExecHome {
  path: string;
  /** The refresh token the child holds: valid only at this run's loopback endpoint. */
  placeholder: string;
  remove(): void;
}

export async function createExecHome(rec: AccessRecord, userCodexHome: string): Promise<ExecHome> {
  const path = mkdtempSync(join(tmpdir(), 'codex-auth-fleet-exec-'));
  chmodSync(path, 0o700);
  const placeholder = `codex-auth-fleet-exec-${randomBytes(24).toString('base64url')}`;
  const home: ExecHome = { path, placeholder, remove: () => rmSync(path, { recursive: true, force: true }) };
  try {
    writeFileSync(join(path, 'auth.json'), `${JSON.stringify(docOf(rec, placeholder), null, 2)}\n`, { mode: 0o600 });
    writeFileSync(join(path, 'config.toml'), await configCopy(userCodexHome), { mode: 0o600 });
  } catch (e) {
    home.remove();
    throw e;
  }
  return home;
}

async function configCopy(userCodexHome: string): Promise<string> {
  let text: string;
  try {
    text = readFileSync(join(userCodexHome, 'config.toml'), 'utf8');
  } catch {
    return 'cli_auth_credentials_store = "file"\n';
  }
  const toml = await import('smol-toml');
  let table: Record<string, unknown>;
  try {
    table = toml.parse(text) as Record<string, unknown>;
  } catch {
    return 'cli_auth_credentials_store = "file"\n'; // the child would fail on it anyway; start it clean
  }
  table['cli_auth_credentials_store'] = 'file';
  return `${toml.stringify(table)}\n`;
}
