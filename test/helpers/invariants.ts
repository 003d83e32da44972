// The invariants every bad-input case must keep (issue 6): a clear one-line error (plus the
// documented second lines), a documented exit code, no stack trace, no secret in any output,
// and nothing on disk changed unless the command succeeded.
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** A V8 stack frame line (`    at fn (file:1:2)`). */
const STACK_FRAME = /^\s+at .+[(:]/m;

export function assertNoStack(text: string, what = 'output'): void {
  assert.doesNotMatch(text, STACK_FRAME, `${what} holds a stack trace:\n${text.slice(0, 2000)}`);
  assert.doesNotMatch(text, /\n\s+at \S+ \(/, `${what} holds a stack trace`);
}

/** Forms a secret could leak in: as is, URL-encoded, JSON-escaped. Short secrets (< 8 chars) are not checked. */
function leakForms(secret: string): string[] {
  if (secret.length < 8) return [];
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])];
}

export function assertNoSecret(text: string, secrets: readonly string[], what = 'output'): void {
  for (const s of secrets) {
    for (const form of leakForms(s)) {
      assert.ok(!text.includes(form), `${what} leaks a secret (${s.slice(0, 4)}…, ${s.length} chars):\n${text.slice(0, 500)}`);
    }
  }
}

/** The stderr lines (without the final newline). */
export function lines(text: string): string[] {
  if (text === '') return [];
  assert.ok(text.endsWith('\n'), `output does not end with a newline: ${JSON.stringify(text.slice(-80))}`);
  return text.slice(0, -1).split('\n');
}

export interface FailureExpectation {
  /** Lines printed before the error (e.g. `Reading API key from stdin...`). */
  preamble?: readonly string[];
  /** The error line must start with one of these. */
  prefixes: readonly string[];
  /** A documented second line after the error line (e.g. the config error's "in `key`"). */
  secondLine?: RegExp;
  secrets?: readonly string[];
}

/** stderr is the preamble, then exactly one error line (plus a documented second line). */
export function assertOneLineError(stderr: string, exp: FailureExpectation): string {
  assertNoStack(stderr, 'stderr');
  assertNoSecret(stderr, exp.secrets ?? [], 'stderr');
  const ls = lines(stderr);
  const pre = exp.preamble ?? [];
  assert.deepEqual(ls.slice(0, pre.length), [...pre], `unexpected preamble in:\n${stderr}`);
  const rest = ls.slice(pre.length);
  assert.ok(rest.length >= 1, `no error line in:\n${stderr}`);
  const maxLines = exp.secondLine ? 2 : 1;
  assert.ok(rest.length <= maxLines, `expected ${maxLines} error line(s), got ${rest.length}:\n${stderr.slice(0, 2000)}`);
  if (rest.length === 2) assert.match(rest[1]!, exp.secondLine!, `undocumented second line:\n${stderr}`);
  const line = rest[0]!;
  assert.ok(exp.prefixes.some((p) => line.startsWith(p)), `error line has none of the prefixes ${exp.prefixes.join(' | ')}:\n${line.slice(0, 300)}`);
  assert.ok(line.trim().length > (exp.prefixes.find((p) => line.startsWith(p))?.length ?? 0), `error line says nothing: ${line}`);
  return line;
}

/** Every entry under a directory: relative path → type, mode and content (bytes or link target). */
export type DirSnapshot = Map<string, string>;

export function snapshotDir(root: string): DirSnapshot {
  const out: DirSnapshot = new Map();
  const walk = (rel: string): void => {
    const abs = join(root, rel);
    const st = lstatSync(abs);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out.set(rel, `link ${mode} ${readlinkSync(abs)}`);
    else if (st.isDirectory()) {
      out.set(rel || '.', `dir ${mode}`);
      for (const name of readdirSync(abs).sort()) walk(rel ? join(rel, name) : name);
    } else out.set(rel, `file ${mode} ${st.size} ${readFileSync(abs).toString('base64')}`);
  };
  walk('');
  return out;
}

export function assertUnchanged(root: string, before: DirSnapshot, what = 'CODEX_HOME'): void {
  const after = snapshotDir(root);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  assert.deepEqual(changed, [], `${what} changed on failure: ${changed.join(', ')}`);
}
