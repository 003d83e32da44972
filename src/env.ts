/**
 * What a module may know about the process it runs in. Nothing below `cli/` reads `process.env`,
 * the clock or the real streams directly: callers pass these in, so tests can fake every one.
 */

import type { Readable, Writable } from 'node:stream';

/** The standard streams as injected into commands and flows (isTTY as on process.stdin/stdout). */
export type InStream = Readable & { isTTY?: boolean };
export type OutStream = Writable & { isTTY?: boolean };

/** Environment variables, as given by the caller (a copy of process.env, or a test's own). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Milliseconds since the Unix epoch (like Date.now). */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** An environment variable that counts as set: present and not the empty string. */
export function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}
