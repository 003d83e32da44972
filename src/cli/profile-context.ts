// The CLI's door to src/profiles/: the configured store, our refresh lock of the current login,
// and the profile storage that follows the store, with warnings as stderr lines.
import { join } from 'node:path';
import { REFRESH_LOCK, refreshLockPathFor } from '../auth/refresh-lock-path.js';
import type { AuthConfig } from '../config/types.js';
import { createProfileContext, type ProfileContext } from '../profiles/context.js';
import type { CliIO } from './io.js';
import { openConfiguredStore, storeAccess } from './store-access.js';

export async function openProfileContext(io: CliIO, config: AuthConfig): Promise<ProfileContext> {
  const access = storeAccess(io);
  const { codexHome, credentialsStore: kind } = config;
  const store = await openConfiguredStore(config, access);
  const refreshLock = kind === 'file' || kind === 'auto' ? await refreshLockPathFor(codexHome) : join(codexHome, REFRESH_LOCK);
  return createProfileContext({ codexHome, kind, store, refreshLock, env: io.env, now: io.now, warn: access.warn });
}
