/**
 * The device-code prompt (stdout, observed §2.2). The text is the reference's; unlike the
 * reference, colours are used only when stdout is a TTY and NO_COLOR is not set.
 */
import { envValue, type Env } from '../../env.js';
import { LOGIN_FLOW } from '../../messages/login-flow.js';

export function useColour(env: Env, isTTY: boolean | undefined): boolean {
  return isTTY === true && envValue(env, 'NO_COLOR') === undefined && env.TERM !== 'dumb';
}

export interface DevicePromptInput {
  version: string;
  verificationUrl: string;
  userCode: string;
  colour: boolean;
}

export function devicePrompt(p: DevicePromptInput): string {
  const gray = (s: string) => (p.colour ? `\x1b[90m${s}\x1b[0m` : s);
  const blue = (s: string) => (p.colour ? `\x1b[94m${s}\x1b[0m` : s);
  return [
    '',
    `${LOGIN_FLOW.devicePromptTitle} [v${gray(p.version)}]`,
    gray(LOGIN_FLOW.devicePromptTagline),
    '',
    LOGIN_FLOW.devicePromptIntro,
    '',
    LOGIN_FLOW.devicePromptStep1,
    `   ${blue(p.verificationUrl)}`,
    '',
    `${LOGIN_FLOW.devicePromptStep2} ${gray(LOGIN_FLOW.devicePromptExpires)}`,
    `   ${blue(p.userCode)}`,
    '',
    gray(LOGIN_FLOW.devicePromptWarning),
    '',
    '',
  ].join('\n');
}
