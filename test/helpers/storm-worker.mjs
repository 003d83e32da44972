// One process of the refresh storm (test/e2e/auth/storm.test.ts): creates an AuthManager on the
// given CODEX_HOME (env), loads the credentials, says "ready", waits for "go" on stdin, then runs
// N concurrent getAuth() calls. Prints one JSON line: fingerprints (never the tokens) of what the
// callers got, and any errors.
import { createHash } from 'node:crypto';
import { createAuthManager } from '../../dist/index.js';

const n = Number(process.argv[2] ?? '50');
const fp = (t) => (t ? createHash('sha256').update(t).digest('hex').slice(0, 16) : null);
const warnings = [];
const manager = await createAuthManager({ env: process.env, warn: (m) => warnings.push(m) });
await manager.reload(); // every process starts from the same (expiring) snapshot
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const settled = await Promise.allSettled(Array.from({ length: n }, () => manager.getAuth()));
const tokens = settled.filter((s) => s.status === 'fulfilled').map((s) => fp(s.value?.token));
const errors = settled.filter((s) => s.status === 'rejected').map((s) => `${s.reason?.code}: ${s.reason?.message}`);
process.stdout.write(`${JSON.stringify({ tokens: [...new Set(tokens)], ok: tokens.length, errors: [...new Set(errors)], warnings })}\n`);
await manager.close();
process.stdin.destroy();
