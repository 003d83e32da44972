/**
 * Opening the authorize URL in a browser. `BROWSER` wins (the reference runs it with the URL as
 * its only argument; `BROWSER=none` opens nothing). Otherwise, on a machine that cannot show a
 * browser to the person signing in (Linux without DISPLAY/WAYLAND_DISPLAY, an SSH session, a
 * container) we do not try; everywhere else the `open` package (lazy-loaded) does the launching.
 * Failures are ignored: the URL is always printed.
 */
import { existsSync } from 'node:fs';
import { envValue, type Env } from '../../env.js';

export interface HostFacts {
  platform: NodeJS.Platform;
  /** Whether a file exists (injectable; default fs.existsSync). */
  exists?: (path: string) => boolean;
}

function isWsl(env: Env, exists: (p: string) => boolean): boolean {
  return envValue(env, 'WSL_DISTRO_NAME') !== undefined || envValue(env, 'WSL_INTEROP') !== undefined || exists('/proc/sys/fs/binfmt_misc/WSLInterop');
}

function inContainer(env: Env, exists: (p: string) => boolean): boolean {
  return exists('/.dockerenv') || exists('/run/.containerenv') || envValue(env, 'container') !== undefined || envValue(env, 'KUBERNETES_SERVICE_HOST') !== undefined;
}

/** Why no browser can be shown here, or null when opening one makes sense. */
export function headlessReason(env: Env, host: HostFacts): string | null {
  const exists = host.exists ?? existsSync;
  const ssh = envValue(env, 'SSH_CONNECTION') !== undefined || envValue(env, 'SSH_TTY') !== undefined || envValue(env, 'SSH_CLIENT') !== undefined;
  const display = envValue(env, 'DISPLAY') !== undefined || envValue(env, 'WAYLAND_DISPLAY') !== undefined;
  if (host.platform === 'linux' && !isWsl(env, exists)) {
    if (display) return null; // includes X11 forwarding over SSH: the browser shows on the user's screen
    if (ssh) return 'SSH session';
    if (inContainer(env, exists)) return 'container';
    return 'no display';
  }
  if (ssh) return 'SSH session';
  return null;
}

export type BrowserChoice = { kind: 'none' } | { kind: 'command'; command: string } | { kind: 'default' };

export function browserChoice(env: Env): BrowserChoice {
  const b = envValue(env, 'BROWSER');
  if (b === undefined) return { kind: 'default' };
  if (b.trim().toLowerCase() === 'none') return { kind: 'none' };
  return { kind: 'command', command: b };
}

export type OpenResult = { kind: 'opened' } | { kind: 'skipped'; reason: string } | { kind: 'browser_none' } | { kind: 'failed' };

export interface OpenOptions extends HostFacts {
  env: Env;
  /** Injectable launcher (tests); default: the `open` package. */
  launch?: (url: string, command: string | undefined) => Promise<void>;
}

async function openWithLibrary(url: string, command: string | undefined): Promise<void> {
  const { default: open } = await import('open');
  const child = await open(url, command === undefined ? {} : { app: { name: command } });
  // A missing command surfaces as an async 'error' event; never let it crash the login.
  child.on('error', () => {});
}

export async function openBrowser(url: string, opts: OpenOptions): Promise<OpenResult> {
  const choice = browserChoice(opts.env);
  if (choice.kind === 'none') return { kind: 'browser_none' };
  if (choice.kind === 'default') {
    const reason = headlessReason(opts.env, opts);
    if (reason !== null) return { kind: 'skipped', reason };
  }
  try {
    await (opts.launch ?? openWithLibrary)(url, choice.kind === 'command' ? choice.command : undefined);
    return { kind: 'opened' };
  } catch {
    return { kind: 'failed' };
  }
}
