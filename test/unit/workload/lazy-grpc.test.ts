// @grpc/grpc-js is loaded only when the SPIFFE source is used, and stays out of the CLI bundle
// (scripts/bundle.mjs EXTERNAL): a module-resolution hook records every specifier our built CLI
// imports, for `login status` under the file source and under SPIFFE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { baseEnv, runOurs, tempDir } from '../../helpers/run.js';

const dir = tempDir('codex-auth-wif-lazy-');
after(() => dir.cleanup());
const hooks = join(dir.path, 'hooks.mjs');
writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { appendFileSync(${JSON.stringify(join(dir.path, 'resolved.txt'))}, s + '\\n'); return next(s, c); }\n`);
const register = join(dir.path, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
const assertion = join(dir.path, 'a.jwt');
writeFileSync(assertion, 'x.y.z');

async function resolvedBy(extra: Record<string, string>): Promise<{ stderr: string; specifiers: string[] }> {
  const out = join(dir.path, 'resolved.txt');
  writeFileSync(out, '');
  const home = tempDir('codex-auth-wif-lazy-h-');
  const r = await runOurs(['login', 'status'], { env: baseEnv(home.path, { HTTPS_PROXY: 'http://127.0.0.1:1', OPENAI_FEDERATION_RULE_ID: 'fr', NODE_OPTIONS: `--import=${pathToFileURL(register).href}`, ...extra }) });
  home.cleanup();
  return { stderr: r.stderr, specifiers: existsSync(out) ? readFileSync(out, 'utf8').split('\n') : [] };
}

test('file source: gRPC never imported; SPIFFE source: imported when the socket is there', async () => {
  const file = await resolvedBy({ OPENAI_IDENTITY_TOKEN_FILE: assertion });
  assert.match(file.stderr, /the workload identity token exchange is unavailable/);
  assert.deepEqual(file.specifiers.filter((s) => s.includes('grpc')), []);
  // A listener that answers nothing useful: the client gets as far as loading gRPC.
  const { createServer } = await import('node:net');
  const sock = join(dir.path, 'agent.sock');
  const server = createServer((c) => c.destroy());
  await new Promise<void>((r) => server.listen(sock, r));
  const spiffe = await resolvedBy({ OPENAI_IDENTITY_TOKEN_SOURCE: 'spiffe', SPIFFE_ENDPOINT_SOCKET: `unix://${sock}`, OPENAI_SPIFFE_AUDIENCE: 'a' });
  server.close();
  assert.match(spiffe.stderr, /Error checking login status: /);
  assert.ok(spiffe.specifiers.includes('@grpc/grpc-js'), spiffe.specifiers.join(' '));
});
