/**
 * Device-code sign-in (`codex-auth login --device-auth`), spec §6 and observed §2.2: request a
 * user code, print the prompt (stdout), poll until approved, exchange the code with the
 * server-made PKCE verifier, check the workspace, save (no API-key exchange).
 *
 * Better than the reference: the old credentials stay until the new ones are saved; colours only
 * on a TTY without NO_COLOR; never more than one poll a second; a 404 says how to sign in instead;
 * Ctrl-C (the AbortSignal) stops at once: it reaches each request (oauth/send.ts).
 */
import { CodexAuthError, isCodexAuthError } from '../../errors.js';
import { LOGIN_FLOW } from '../../messages/login-flow.js';
import { exchangeDeviceCode } from '../../oauth/device-exchange.js';
import { pollDeviceToken, type DevicePollResult } from '../../oauth/device-poll.js';
import { requestUserCode, type DeviceCode } from '../../oauth/device-usercode.js';
import { parseIdToken } from '../../oauth/id-token.js';
import { trimIssuer } from '../../oauth/urls.js';
import { chatgptAuthDoc } from '../auth-documents.js';
import { replaceCredentials } from '../replace-credentials.js';
import type { FlowOptions, LoginResult } from '../types.js';
import { workspaceRefusal } from '../../config/policy.js';
import { pollUntilApproved } from './poll.js';
import { devicePrompt, useColour } from './prompt.js';

export interface DeviceLoginOptions extends FlowOptions {
  /** Shown in the prompt's `Welcome to Codex [v…]`. */
  version: string;
  /** Test hooks: the 15-minute limit and the sleep between polls. */
  limitMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export async function runDeviceLogin(opts: DeviceLoginOptions): Promise<LoginResult> {
  const issuer = trimIssuer(opts.issuer);
  const { fetch, clientId, signal } = opts;
  let code: DeviceCode;
  try {
    code = await requestUserCode({ fetch, signal, issuer, clientId });
  } catch (e) {
    if (isCodexAuthError(e, 'oauth.device_not_enabled')) {
      throw new CodexAuthError(e.code, e.message + LOGIN_FLOW.deviceNotEnabledHint, { details: { ...e.details } });
    }
    throw e;
  }
  opts.stdout.write(
    devicePrompt({ version: opts.version, verificationUrl: code.verificationUrl, userCode: code.userCode, colour: useColour(opts.env, opts.stdout.isTTY) }),
  );
  const approved = await pollUntilApproved<Extract<DevicePollResult, { status: 'authorized' }>>({
    pollOnce: async (s) => {
      const r = await pollDeviceToken({ fetch, signal: s, issuer, deviceAuthId: code.deviceAuthId, userCode: code.userCode });
      return r.status === 'pending' ? { pending: true as const } : { pending: false as const, value: r };
    },
    interval: code.intervalSeconds,
    now: opts.now,
    signal,
    limitMs: opts.limitMs,
    sleep: opts.sleep,
  });
  const tokens = await exchangeDeviceCode({
    fetch,
    signal,
    issuer,
    clientId,
    authorizationCode: approved.authorizationCode,
    codeVerifier: approved.codeVerifier,
  });
  const claims = parseIdToken(tokens.idToken);
  const refusal = workspaceRefusal(opts.policy, claims.accountId);
  if (refusal !== undefined) throw new CodexAuthError('login.workspace_restricted', refusal);
  if (signal.aborted) throw signal.reason;
  const doc = chatgptAuthDoc({
    idToken: tokens.idToken,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    apiKey: null,
    issuer,
    clientId,
    accountId: claims.accountId ?? null,
    nowMs: opts.now(),
    random: opts.random,
  });
  await replaceCredentials({ store: opts.store, doc, revokePrevious: opts.revokePrevious });
  return { doc };
}
