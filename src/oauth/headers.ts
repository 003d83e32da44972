/**
 * The default Codex client headers (spec §13.1, observed §2.4): `originator` and
 * `User-Agent: <originator>/<version> (<OS> <OS version>; <arch>) <terminal>`. Sent with refresh,
 * revoke, whoami and JWKS requests — never with the code/device exchanges.
 *
 * The official binary learns the OS by spawning `lsb_release -a` (slow); we read /etc/os-release
 * (or the OS release on macOS/Windows) once, with the same result on common distributions
 * (`Debian 12.0.0`). Everything else comes from the injected env.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { envValue, type Env } from '../env.js';
import { CODEX_VERSION, DEFAULT_ORIGINATOR } from './constants.js';

/** What the User-Agent says about the machine. */
export interface SystemInfo {
  /** `process.platform`. */
  platform: string;
  /** `uname -m` style: x86_64, aarch64, arm64. */
  arch: string;
  /** Kernel/OS release (`os.release()`), used on macOS and Windows. */
  release: string;
  /** Contents of /etc/os-release, or null when absent. */
  osRelease: string | null;
}

let cached: SystemInfo | undefined;

/** Reads the machine facts once per process (one small file read, no process spawn). */
export function currentSystemInfo(): SystemInfo {
  if (cached) return cached;
  let osRelease: string | null = null;
  if (process.platform === 'linux') {
    for (const f of ['/etc/os-release', '/usr/lib/os-release']) {
      try {
        osRelease = readFileSync(f, 'utf8');
        break;
      } catch {
        // try the next location
      }
    }
  }
  cached = { platform: process.platform, arch: os.machine(), release: os.release(), osRelease };
  return cached;
}

const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** CODEX_INTERNAL_ORIGINATOR_OVERRIDE when set and a valid header value, else `codex_cli_rs`. */
export function originator(env: Env): string {
  const v = envValue(env, 'CODEX_INTERNAL_ORIGINATOR_OVERRIDE');
  return v !== undefined && HEADER_VALUE.test(v) ? v : DEFAULT_ORIGINATOR;
}

/** os_info's names for os-release IDs (the distributions the official binary reports by name). */
const OS_NAMES: Readonly<Record<string, string>> = {
  almalinux: 'AlmaLinux', alpine: 'Alpine Linux', amzn: 'Amazon Linux AMI', arch: 'Arch Linux', archarm: 'Arch Linux',
  artix: 'Artix', centos: 'CentOS', debian: 'Debian', elementary: 'Elementary', fedora: 'Fedora', kali: 'Kali',
  linuxmint: 'Linux Mint', mariner: 'Mariner', nixos: 'NixOS', ol: 'OracleLinux', opensuse: 'openSUSE',
  'opensuse-leap': 'openSUSE', 'opensuse-tumbleweed': 'openSUSE', 'opensuse-microos': 'openSUSE',
  rhel: 'Red Hat Enterprise Linux', rocky: 'RockyLinux', sles: 'SUSE Linux Enterprise Server',
  sled: 'SUSE Linux Enterprise Server', ubuntu: 'Ubuntu', void: 'Void', zorin: 'Zorin', 'manjaro-arm': 'Manjaro',
  pop: 'Pop!_OS', endeavouros: 'EndeavourOS', manjaro: 'Manjaro', gentoo: 'Gentoo Linux', garuda: 'Garuda Linux',
};

function osReleaseValue(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key}=(.*)$`, 'm').exec(text);
  return m ? m[1]!.trim().replace(/^(["'])(.*)\1$/, '$2') : undefined;
}

/** os_info's version display: `12` → `12.0.0`, `22.04` → `22.4.0`, other text as is, none → `Unknown`. */
export function versionDisplay(v: string | undefined): string {
  if (v === undefined || v.trim() === '') return 'Unknown';
  const parts = v.trim().split('.');
  if (parts.length <= 3 && parts.every((p) => /^\d+$/.test(p))) {
    const [a, b = '0', c = '0'] = parts.map((p) => String(BigInt(p)));
    return `${a}.${b}.${c}`;
  }
  return v;
}

/** `Debian 12.0.0`, `Mac OS 15.1.0`, `Windows 10.0.22631`, `Linux Unknown`. */
export function osDescription(sys: SystemInfo): string {
  if (sys.platform === 'darwin') {
    // Darwin 20+ → macOS (major - 9); Darwin 25 → macOS 26.
    const [maj = 0, min = 0] = sys.release.split('.').map(Number);
    const macMajor = maj >= 25 ? maj + 1 : maj >= 20 ? maj - 9 : 10;
    const macMinor = maj >= 20 ? min : maj - 4;
    return `Mac OS ${macMajor}.${macMinor}.0`;
  }
  if (sys.platform === 'win32') return `Windows ${versionDisplay(sys.release)}`;
  if (sys.platform === 'linux') {
    const id = sys.osRelease ? osReleaseValue(sys.osRelease, 'ID') : undefined;
    const name = id === undefined ? undefined : OS_NAMES[id];
    if (name && sys.osRelease) return `${name} ${versionDisplay(osReleaseValue(sys.osRelease, 'VERSION_ID'))}`;
    return 'Linux Unknown';
  }
  return `${sys.platform} ${versionDisplay(sys.release)}`;
}

const TERM_TOKEN_UNSAFE = /[^A-Za-z0-9\-_./]/g;

/**
 * The terminal token (codex terminal-detection): TERM_PROGRAM[/TERM_PROGRAM_VERSION], else a
 * terminal named by its own variable (WezTerm, iTerm, Apple Terminal, kitty, Alacritty, Konsole,
 * GNOME Terminal, VTE, Windows Terminal), else TERM, else `unknown`. Unsafe characters become `_`.
 */
export function terminalToken(env: Env): string {
  const nonBlank = (k: string) => {
    const v = env[k];
    return v !== undefined && v.trim() !== '' ? v : undefined;
  };
  const has = (k: string) => env[k] !== undefined;
  const withVersion = (name: string, version: string | undefined) => (version ? `${name}/${version}` : name);
  const term = env['TERM'];
  let raw: string;
  const program = nonBlank('TERM_PROGRAM');
  if (program) raw = withVersion(program, nonBlank('TERM_PROGRAM_VERSION'));
  else if (has('WEZTERM_VERSION')) raw = withVersion('WezTerm', nonBlank('WEZTERM_VERSION'));
  else if (has('ITERM_SESSION_ID') || has('ITERM_PROFILE') || has('ITERM_PROFILE_NAME')) raw = 'iTerm.app';
  else if (has('TERM_SESSION_ID')) raw = 'Apple_Terminal';
  else if (has('KITTY_WINDOW_ID') || (term ?? '').includes('kitty')) raw = 'kitty';
  else if (has('ALACRITTY_SOCKET') || term === 'alacritty') raw = 'Alacritty';
  else if (has('KONSOLE_VERSION')) raw = withVersion('Konsole', nonBlank('KONSOLE_VERSION'));
  else if (has('GNOME_TERMINAL_SCREEN')) raw = 'gnome-terminal';
  else if (has('VTE_VERSION')) raw = withVersion('VTE', nonBlank('VTE_VERSION'));
  else if (has('WT_SESSION')) raw = 'WindowsTerminal';
  else raw = nonBlank('TERM') ?? 'unknown';
  return raw.replace(TERM_TOKEN_UNSAFE, '_');
}

export interface UserAgentOptions {
  env: Env;
  /** Default CODEX_VERSION (0.171.0). */
  version?: string;
  /** Default currentSystemInfo(). */
  system?: SystemInfo;
}

/** `codex_cli_rs/0.171.0 (Debian 12.0.0; x86_64) xterm`, non-printable characters replaced by `_`. */
export function userAgent(o: UserAgentOptions): string {
  const sys = o.system ?? currentSystemInfo();
  const ua = `${originator(o.env)}/${o.version ?? CODEX_VERSION} (${osDescription(sys)}; ${sys.arch || 'unknown'}) ${terminalToken(o.env)}`;
  return ua.replace(/[^\x20-\x7e]/g, '_');
}

/** `{ originator, 'user-agent' }` for the default Codex client. */
export function defaultHeaders(o: UserAgentOptions): Record<string, string> {
  return { originator: originator(o.env), 'user-agent': userAgent(o) };
}
