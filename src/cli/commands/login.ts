// `codex-auth login [flags]`: picks the flow with the precedence of spec §8.2, then runs it.
import { isCodexAuthError } from '../../errors.js';
import { loginRefusal, policyOf, type LoginKind } from '../../config/policy.js';
import { LOGIN } from '../../messages/login.js';
import type { AuthConfig } from '../../config/types.js';
import { loadCliConfig, type ConfigArgs } from '../config-args.js';
import type { CliIO } from '../io.js';
import { openLoginLog, type LoginLog } from '../login-log.js';
import { accessTokenLogin, browserLogin, deviceLogin } from '../login-flows.js';
import { ACCESS_TOKEN_STDIN, API_KEY_STDIN, readStdinSecret } from '../stdin-secret.js';
import { openConfiguredStore, storeAccess } from '../store-access.js';

export interface LoginOptions {
  io: CliIO;
  configArgs: ConfigArgs;
  withApiKey?: boolean;
  withAccessToken?: boolean;
  deviceAuth?: boolean;
  /** Hidden legacy `--api-key [VALUE]`: true when given without a value. Always refused. */
  apiKey?: string | true;
  /** `--issuer` or `--experimental_issuer`. */
  issuer?: string;
  /** `--client-id` or `--experimental_client-id`. */
  clientId?: string;
}

/** `login`'s flags as commander parses them (program.ts declares them; camel-cased names). */
export interface LoginFlags {
  withApiKey?: boolean;
  withAccessToken?: boolean;
  deviceAuth?: boolean;
  apiKey?: string | true;
  issuer?: string;
  experimental_issuer?: string;
  clientId?: string;
  experimental_clientId?: string;
}

/** The command's options from its parsed flags (the hidden `experimental_` aliases folded in). */
export function optionsFromFlags(f: LoginFlags): Omit<LoginOptions, 'io' | 'configArgs'> {
  const issuer = f.issuer ?? f.experimental_issuer;
  const clientId = f.clientId ?? f.experimental_clientId;
  return {
    withApiKey: f.withApiKey === true,
    withAccessToken: f.withAccessToken === true,
    deviceAuth: f.deviceAuth === true,
    ...(f.apiKey !== undefined ? { apiKey: f.apiKey } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
  };
}

export async function run(opts: LoginOptions): Promise<number> {
  const { io } = opts;
  if (opts.withApiKey && opts.withAccessToken) return fail(io, LOGIN.bothCredentialSources);
  if (opts.deviceAuth) return oauthLogin(opts, 'device');
  if (opts.apiKey !== undefined) return fail(io, LOGIN.legacyApiKeyFlag);
  if (opts.withApiKey) return apiKeyLogin(opts);
  if (opts.withAccessToken) return accessTokenLoginCommand(opts);
  return oauthLogin(opts, 'browser');
}

function fail(io: CliIO, line: string): number {
  io.stderr.write(`${line}\n`);
  return 1;
}

const START_LINE: Record<LoginKind, string> = {
  apiKey: LOGIN.logStartApiKey,
  accessToken: LOGIN.logStartAccessToken,
  device: LOGIN.logStartDevice,
  browser: LOGIN.logStartBrowser,
};

/**
 * Config, login log (with its `starting … login flow` line) and policy, in the reference's order;
 * an exit code after an error was printed.
 */
async function prepare(opts: LoginOptions, kind: LoginKind): Promise<{ config: AuthConfig; log: LoginLog } | number> {
  const loaded = await loadCliConfig(opts.io, opts.configArgs);
  if (!loaded.ok) return loaded.exitCode;
  const log = openLoginLog(loaded.config.codexHome, opts.io.now, (l) => opts.io.stderr.write(`${l}\n`));
  log.info(START_LINE[kind]);
  const refusal = loginRefusal(policyOf(loaded.config), kind);
  if (refusal !== undefined) return fail(opts.io, refusal);
  return { config: loaded.config, log };
}

async function apiKeyLogin(opts: LoginOptions): Promise<number> {
  const { io } = opts;
  const key = await readStdinSecret(io, API_KEY_STDIN);
  if (key === null) return 1;
  const ready = await prepare(opts, 'apiKey');
  if (typeof ready === 'number') return ready;
  const store = await openConfiguredStore(ready.config, storeAccess(io));
  try {
    await store.save({ auth_mode: 'apikey', OPENAI_API_KEY: key });
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    ready.log.warn('codex_login::auth::storage', e.message);
    return fail(io, `${LOGIN.errorPrefix}${e.message}`);
  }
  io.stderr.write(`${LOGIN.apiKeySaved}\n`);
  return 0;
}

async function accessTokenLoginCommand(opts: LoginOptions): Promise<number> {
  const { io } = opts;
  const token = await readStdinSecret(io, ACCESS_TOKEN_STDIN);
  if (token === null) return 1;
  const ready = await prepare(opts, 'accessToken');
  if (typeof ready === 'number') return ready;
  const store = await openConfiguredStore(ready.config, storeAccess(io));
  return accessTokenLogin({ io, config: ready.config, store, log: ready.log, token });
}

async function oauthLogin(opts: LoginOptions, kind: 'browser' | 'device'): Promise<number> {
  const { io } = opts;
  const ready = await prepare(opts, kind);
  if (typeof ready === 'number') return ready;
  const store = await openConfiguredStore(ready.config, storeAccess(io));
  const ctx = { io, config: ready.config, store, log: ready.log, issuer: opts.issuer, clientId: opts.clientId };
  return kind === 'device' ? deviceLogin(ctx) : browserLogin(ctx);
}
