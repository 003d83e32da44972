/**
 * Encryption at rest of the fleet's refresh token (docs/fleet.md, "Keys"). The key file holds
 * at least 32 bytes of secret; HKDF-SHA256 derives from it, per fleet name, an AES-256-GCM key
 * and a public key id (so a member with another key file gets one clear line, not a GCM failure).
 * Each sealed token is bound to its fleet and generation (GCM additional data): a ciphertext
 * copied to another generation or fleet does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CodexAuthError } from '../errors.js';
import { FLEET } from '../messages/fleet.js';

export const MIN_KEY_BYTES = 32;
const SALT = 'codex-auth fleet v1';

export interface FleetKey {
  /** The AES-256-GCM key (never printed, never stored). */
  readonly key: Buffer;
  /** A public identifier of the key (hex), stored next to the sealed token. */
  readonly id: string;
  readonly fleet: string;
}

export function deriveFleetKey(secret: Buffer, fleet: string): FleetKey {
  if (secret.length < MIN_KEY_BYTES) throw new CodexAuthError('fleet.key_short', FLEET.keyTooShort('(given)'));
  const key = Buffer.from(hkdfSync('sha256', secret, SALT, `refresh-token-key:${fleet}`, 32));
  const id = Buffer.from(hkdfSync('sha256', secret, SALT, `key-id:${fleet}`, 8)).toString('hex');
  return { key, id, fleet };
}

/** Reads CODEX_AUTH_FLEET_KEY_FILE; `fleet.key_file` when unreadable, `fleet.key_short` under 32 bytes. */
export async function readFleetKey(path: string, fleet: string): Promise<FleetKey> {
  let secret: Buffer;
  try {
    secret = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CodexAuthError('fleet.key_file', FLEET.keyUnreadable(path, code));
  }
  if (secret.length < MIN_KEY_BYTES) throw new CodexAuthError('fleet.key_short', FLEET.keyTooShort(path));
  try {
    return deriveFleetKey(secret, fleet);
  } finally {
    secret.fill(0);
  }
}

function aad(key: FleetKey, gen: number): Buffer {
  return Buffer.from(`codex-auth fleet ${key.fleet} generation ${gen}`);
}

/** `v1.<iv>.<ciphertext>.<tag>` (base64url), bound to the fleet and `gen`. */
export function sealRefreshToken(key: FleetKey, gen: number, refreshToken: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(key, gen));
  const ct = Buffer.concat([cipher.update(refreshToken, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The refresh token; `fleet.key_mismatch` when `sealed` was not sealed with this key for this generation. */
export function openRefreshToken(key: FleetKey, gen: number, sealed: string): string {
  const [v, iv, ct, tag] = sealed.split('.');
  if (v !== 'v1' || !iv || ct === undefined || !tag) throw new CodexAuthError('fleet.key_mismatch', FLEET.keyMismatch);
  try {
    const d = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    d.setAAD(aad(key, gen));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  } catch {
    throw new CodexAuthError('fleet.key_mismatch', FLEET.keyMismatch);
  }
}
