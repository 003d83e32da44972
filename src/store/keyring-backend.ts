/**
 * Talks to the OS keyring (Linux: Secret Service over D-Bus) through @napi-rs/keyring, with a
 * hard timeout on every call.
 *
 * Why a child process: @napi-rs/keyring connects to D-Bus synchronously when an entry is created
 * and runs each operation on a libuv thread that cannot be cancelled. A hung or locked Secret
 * Service would freeze our main thread or keep the process alive forever. In a short-lived child
 * (node + the addon, the request on stdin — never in argv) a timeout is a SIGKILL and nothing
 * lingers. The cost is one node start per call.
 *
 * Interop with the official binary (Rust keyring v3.6.3), verified by test/interop/store:
 * it searches items by {service, username} only and updates a matching item in place, so what
 * we write with `AsyncEntry.withTarget('default', service, account, {linux: {store:
 * 'secret-service'}})` (attributes {service, target: default, username}) is found by it, and its
 * items (which also carry application=rust-keyring) are found by us. Pinning the Secret Service
 * store matters: without it the addon silently falls back to the kernel keyring when there is no
 * D-Bus, where the official binary never looks.
 */
import { createRequire } from 'node:module';
import type { Env } from '../env.js';

export type KeyringRequest =
  | { op: 'get'; service: string; account: string }
  | { op: 'set'; service: string; account: string; secret: string }
  | { op: 'delete'; service: string; account: string };

/** What a keyring call can end in. `unavailable` carries the addon's error chain (no secrets). */
export type KeyringResult =
  | { ok: true; value: string | null | boolean }
  | { ok: false; kind: 'unavailable'; detail: string }
  | { ok: false; kind: 'timeout' };

export interface KeyringBackend {
  call(req: KeyringRequest, timeoutMs: number): Promise<KeyringResult>;
}

/** Starting node and loading the addon is not the Secret Service's time: it has its own, generous limit. */
export const KEYRING_HELPER_START_TIMEOUT_MS = 20_000;

export interface SubprocessKeyringOptions {
  /** Environment of the child (D-Bus address etc.); default: this process's environment. */
  env?: Env;
  /** The node executable (default process.execPath). */
  nodePath?: string;
}

// The child: loads the addon and says so ("R"), reads one request from stdin, performs it,
// prints one JSON document, exits.
const CHILD = `
const { AsyncEntry } = require(process.argv[1]);
process.stdout.write('R');
let input = '';
process.stdin.setEncoding('utf8').on('data', (d) => (input += d)).on('end', async () => {
  let out;
  try {
    const req = JSON.parse(input);
    const e = AsyncEntry.withTarget('default', req.service, req.account, { linux: { store: 'secret-service' } });
    let value = null;
    if (req.op === 'get') value = await e.getPassword();
    else if (req.op === 'set') await e.setPassword(req.secret);
    else value = await e.deleteCredential();
    out = { ok: true, value };
  } catch (err) {
    const chain = [];
    for (let c = err; c && chain.length < 8; c = c.cause) chain.push(String(c && c.message));
    out = { ok: false, chain };
  }
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
});
`;

let addonPath: string | undefined;
function resolveAddon(): string {
  addonPath ??= createRequire(import.meta.url).resolve('@napi-rs/keyring');
  return addonPath;
}

/** The addon's error, reworded with the official binary's first words (`Platform secure storage failure: …`). */
export function describeKeyringFailure(chain: readonly string[]): string {
  const first = (chain[0] ?? 'unknown keyring error').replace(/\s+/g, ' ').trim();
  return first
    .replace(/^Platform failure: /, 'Platform secure storage failure: ')
    .replace(/^Couldn't access platform storage: /, "Couldn't access platform secure storage: ");
}

export function subprocessKeyringBackend(opts: SubprocessKeyringOptions = {}): KeyringBackend {
  return {
    call(req, timeoutMs) {
      let path: string;
      try {
        path = resolveAddon();
      } catch (e) {
        return Promise.resolve({ ok: false, kind: 'unavailable', detail: `@napi-rs/keyring is not installed: ${(e as Error).message}` });
      }
      return new Promise<KeyringResult>((resolve) => {
        // node:child_process (which loads net, dgram…) only when the keyring is really used.
        const child = process.getBuiltinModule('node:child_process').spawn(opts.nodePath ?? process.execPath, ['-e', CHILD, path], {
          stdio: ['pipe', 'pipe', 'pipe'],
          env: opts.env as NodeJS.ProcessEnv | undefined,
        });
        let stdout = '';
        let stderr = '';
        let settled = false;
        let timer: NodeJS.Timeout;
        const finish = (r: KeyringResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(r);
        };
        const arm = (ms: number) => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            child.kill('SIGKILL');
            finish({ ok: false, kind: 'timeout' });
          }, ms);
        };
        arm(KEYRING_HELPER_START_TIMEOUT_MS + timeoutMs);
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          // The Secret Service's `timeoutMs` starts once the helper is up.
          if (stdout === '' && d.startsWith('R')) arm(timeoutMs);
          stdout += d;
        });
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', (e) => finish({ ok: false, kind: 'unavailable', detail: e.message }));
        child.on('close', () => {
          try {
            const out = JSON.parse(stdout.replace(/^R/, '')) as
              | { ok: true; value: string | null | boolean }
              | { ok: false; chain: string[] };
            if (out.ok) finish({ ok: true, value: out.value });
            else finish({ ok: false, kind: 'unavailable', detail: describeKeyringFailure(out.chain) });
          } catch {
            const last = stderr.trim().split('\n').filter(Boolean).pop() ?? 'the keyring helper process failed';
            finish({ ok: false, kind: 'unavailable', detail: last });
          }
        });
        child.stdin.on('error', () => {});
        child.stdin.end(JSON.stringify(req));
      });
    },
  };
}
