// Generators (fast-check) for the bad-input corpus of issue 6: auth.json, config.toml, CA files,
// stdin secrets, issuer responses. Every document carries planted secrets (PLANTED) that no output
// may ever show.
import fc from 'fast-check';

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** An unsigned JWT-shaped token (the reference never checks signatures) with a secret-looking tail. */
export function fakeJwt(claims: Record<string, unknown>, sigTail: string): string {
  return `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.${b64url(`sig-${sigTail}`)}`;
}

/** Secrets planted in generated documents; none may appear in any output or log. */
export const PLANTED = {
  apiKey: 'sk-PLANTED-apikey-7f3a9c2e1b5d4e6f',
  refreshToken: 'rt-PLANTED-refresh-0c8e2a4b6d1f3579',
  accessToken: fakeJwt({ exp: 4_102_444_800, sub: 'u' }, 'PLANTED-access-93ab7c1e55d2'),
  idToken: fakeJwt(
    { email: 'a@example.com', 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-1', chatgpt_plan_type: 'plus' } },
    'PLANTED-id-41be9f0c27a8',
  ),
  pat: 'at-PLANTED-pat-5e1d9c3b7a2f8e4d',
  agentKey: 'PLANTED-agent-private-key-MC4CAQAwBQYDK2VwBCIEI',
  agentJwt: fakeJwt({ iss: 'https://chatgpt.com/codex-backend/agent-identity' }, 'PLANTED-agentjwt-77c1d0'),
  bedrockKey: 'PLANTED-bedrock-key-ABSK3f9a1c7e5b2d',
  stdinKey: 'sk-PLANTED-stdin-2b4d6f8a0c1e3579',
};

export const PLANTED_SECRETS: readonly string[] = [
  ...Object.values(PLANTED),
  // JWT signatures are the secret part when a token is cut short.
  ...[PLANTED.accessToken, PLANTED.idToken, PLANTED.agentJwt].map((t) => t.split('.')[2]!),
];

const tokens = {
  id_token: PLANTED.idToken,
  access_token: PLANTED.accessToken,
  refresh_token: PLANTED.refreshToken,
  oauth_provenance: { issuer: 'https://auth.openai.com', client_id: 'app_EMoamEEZ73f0CkXaXp7hrann' },
  login_owner_id: 'mUyLPlLFLRdHS15AGoeXZ_f07DeGVlwx9RHrI_5iLrs',
  account_id: 'acct-1',
};

/** One well-formed document per auth_mode (and the mode-less legacy forms). */
export const VALID_DOCS: readonly Record<string, unknown>[] = [
  { auth_mode: 'apikey', OPENAI_API_KEY: PLANTED.apiKey },
  { OPENAI_API_KEY: PLANTED.apiKey },
  { auth_mode: 'chatgpt', OPENAI_API_KEY: PLANTED.apiKey, tokens, last_refresh: '2026-11-28T12:15:49.591163474Z' },
  { auth_mode: 'chatgptAuthTokens', OPENAI_API_KEY: null, tokens },
  { OPENAI_API_KEY: null, tokens, last_refresh: '2026-11-28T12:15:49Z' },
  { OPENAI_API_KEY: null, personal_access_token: PLANTED.pat },
  { auth_mode: 'personalAccessToken', OPENAI_API_KEY: null, personal_access_token: PLANTED.pat },
  { auth_mode: 'agentIdentity', OPENAI_API_KEY: null, agent_identity: PLANTED.agentJwt },
  {
    auth_mode: 'agentIdentity',
    OPENAI_API_KEY: null,
    agent_identity: {
      agent_runtime_id: 'rt-1',
      agent_private_key: PLANTED.agentKey,
      account_id: 'acct-1',
      chatgpt_user_id: 'u-1',
      email: 'a@example.com',
      plan_type: 'enterprise',
      chatgpt_account_is_fedramp: false,
    },
  },
  { auth_mode: 'bedrockApiKey', OPENAI_API_KEY: null, bedrock_api_key: { api_key: PLANTED.bedrockKey, region: 'us-east-1' } },
  { auth_mode: 'headers', OPENAI_API_KEY: null },
  {},
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path (list of keys) to a value inside a JSON document. */
function paths(v: unknown, prefix: string[] = []): string[][] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [prefix];
  const out: string[][] = prefix.length ? [prefix] : [];
  for (const [k, child] of Object.entries(v)) out.push(...paths(child, [...prefix, k]));
  return out;
}

function setAt(doc: unknown, path: string[], value: unknown, remove = false): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete o[last];
  else o[last] = value;
  return copy;
}

const enc = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const pretty = (v: unknown): string => JSON.stringify(v, null, 2);

/** Bytes that are never valid UTF-8 where inserted alone. */
const badUtf8: fc.Arbitrary<readonly number[]> = fc.constantFrom<readonly number[]>(
  [0xff],
  [0xfe],
  [0xc0, 0x80],
  [0x80],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded in UTF-8
  [0xf8, 0x88, 0x80, 0x80, 0x80],
);

function insertAt(text: Uint8Array, at: number, bytes: readonly number[]): Uint8Array {
  const i = Math.min(at, text.length);
  return Buffer.concat([text.subarray(0, i), Buffer.from(bytes), text.subarray(i)]);
}

export interface AuthCase {
  kind: string;
  bytes: Uint8Array;
}

const validDoc = fc.constantFrom(...VALID_DOCS);

/** auth.json contents: valid ones of every mode, truncated, wrong types, missing fields, non-UTF-8, random. */
export const authJsonCase: fc.Arbitrary<AuthCase> = fc.oneof(
  validDoc.map((d) => ({ kind: 'valid', bytes: enc(pretty(d)) })),
  fc.tuple(validDoc, fc.double({ min: 0, max: 1, noNaN: true })).map(([d, f]) => {
    const t = enc(pretty(d));
    return { kind: 'truncated', bytes: t.subarray(0, Math.floor(f * t.length)) };
  }),
  fc
    .tuple(validDoc, fc.nat(), fc.jsonValue({ maxDepth: 2 }))
    .filter(([d]) => Object.keys(d).length > 0)
    .map(([d, i, v]) => {
      const ps = paths(d);
      return { kind: 'wrong type', bytes: enc(pretty(setAt(d, ps[i % ps.length]!, v))) };
    }),
  fc
    .tuple(validDoc, fc.nat())
    .filter(([d]) => Object.keys(d).length > 0)
    .map(([d, i]) => {
      const ps = paths(d);
      return { kind: 'missing field', bytes: enc(pretty(setAt(d, ps[i % ps.length]!, undefined, true))) };
    }),
  fc.tuple(validDoc, fc.string({ maxLength: 30 })).map(([d, mode]) => ({ kind: 'auth_mode', bytes: enc(pretty({ ...d, auth_mode: mode })) })),
  fc.tuple(validDoc, fc.nat(), badUtf8).map(([d, at, b]) => {
    const t = enc(pretty(d));
    return { kind: 'non-UTF-8', bytes: insertAt(t, at % (t.length + 1), b) };
  }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ kind: 'random JSON', bytes: enc(JSON.stringify(v as Json)) })),
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ kind: 'random bytes', bytes: b })),
  fc.constantFrom('', ' ', '\n', '\uFEFF{}', 'null', '[]', '{"a":1,"a":2}', '{"OPENAI_API_KEY":"x"', '{}}').map((s) => ({ kind: 'edge', bytes: enc(s) })),
);

/** A huge auth.json (MBs): a huge unknown field, a huge key, or deep nesting. */
export const hugeAuthJsonCase: fc.Arbitrary<AuthCase> = fc.oneof(
  fc.tuple(validDoc, fc.integer({ min: 1, max: 4 })).map(([d, mb]) => ({
    kind: 'huge field',
    bytes: enc(pretty({ ...d, padding: 'x'.repeat(mb * 1024 * 1024) })),
  })),
  fc.integer({ min: 1, max: 3 }).map((mb) => ({ kind: 'huge key', bytes: enc(pretty({ auth_mode: 'apikey', OPENAI_API_KEY: `sk-${'k'.repeat(mb * 1024 * 1024)}` })) })),
  fc.integer({ min: 1_000, max: 100_000 }).map((depth) => ({ kind: 'deep nesting', bytes: enc(`{"tokens":${'['.repeat(depth)}${']'.repeat(depth)}}`) })),
);

// ---------- config.toml ----------

const CONFIG_KEYS = ['cli_auth_credentials_store', 'forced_login_method', 'forced_chatgpt_workspace_id', 'model', 'features'] as const;
/** Values of every TOML type; store kinds that touch the real keyring are left out on purpose. */
const tomlValue = fc.oneof(
  fc.constantFrom('"file"', '"ephemeral"', '"api"', '"chatgpt"', '"bogus"', '""', '"ws-1,ws-2"', '["ws-1", "ws-2"]', '[]', '[1, 2]'),
  fc.constantFrom('1', '-0', '3.14', 'inf', 'nan', 'true', 'false', '1979-05-27T07:32:00Z', '{}', '{ a = 1 }', '{ file = {} }'),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('', '"unterminated', "'''", '[1,', '{ a = ', '= =', '"\\q"'),
);
const tomlLine = fc.oneof(
  fc.tuple(fc.constantFrom(...CONFIG_KEYS), tomlValue).map(([k, v]) => `${k} = ${v}`),
  fc.constantFrom('[features]', '[profiles.x]', '[[a]]', '# comment', 'x.y.z = 1', 'cli_auth_credentials_store.x = 1', '\t'),
  fc.string({ maxLength: 20 }),
);

export interface ConfigCase {
  kind: string;
  bytes: Uint8Array;
}

export const configTomlCase: fc.Arbitrary<ConfigCase> = fc.oneof(
  fc.array(tomlLine, { maxLength: 6 }).map((ls) => ({ kind: 'lines', bytes: enc(ls.join('\n')) })),
  fc.tuple(fc.array(tomlLine, { minLength: 1, maxLength: 4 }), fc.nat(), badUtf8).map(([ls, at, b]) => {
    const t = enc(ls.join('\n'));
    return { kind: 'non-UTF-8', bytes: insertAt(t, at % (t.length + 1), b) };
  }),
  fc.uint8Array({ maxLength: 100 }).map((b) => ({ kind: 'random bytes', bytes: b })),
  fc.integer({ min: 1, max: 2 }).map((mb) => ({ kind: 'huge', bytes: enc(`model = "${'m'.repeat(mb * 1024 * 1024)}"\nforced_login_method = "bogus"\n`) })),
);

// ---------- stdin secrets ----------

/** Rust's `str::trim`: Unicode White_Space (U+0085 yes, U+FEFF no), which is what the reference trims. */
const RUST_WHITE_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);
for (let c = 0x2000; c <= 0x200a; c++) RUST_WHITE_SPACE.add(c);
export function rustTrim(s: string): string {
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && RUST_WHITE_SPACE.has(cps[a]!.codePointAt(0)!)) a++;
  while (b > a && RUST_WHITE_SPACE.has(cps[b - 1]!.codePointAt(0)!)) b--;
  return cps.slice(a, b).join('');
}

const wsChar = fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u0085', '\u00a0', '\u2003', '\u3000', '\u2028');

export interface StdinCase {
  kind: string;
  bytes: Uint8Array;
}

export const stdinSecretCase: fc.Arbitrary<StdinCase> = fc.oneof(
  fc.constant({ kind: 'empty', bytes: new Uint8Array() }),
  fc.array(wsChar, { minLength: 1, maxLength: 20 }).map((w) => ({ kind: 'whitespace', bytes: enc(w.join('')) })),
  fc
    .tuple(fc.array(wsChar, { maxLength: 3 }), fc.array(wsChar, { maxLength: 3 }), fc.constantFrom('', '\uFEFF'))
    .map(([a, b, bom]) => ({ kind: 'padded', bytes: enc(`${bom}${a.join('')}${PLANTED.stdinKey}${b.join('')}`) })),
  fc.nat({ max: 20 }).map((n) => ({ kind: 'NUL', bytes: enc(`${PLANTED.stdinKey}\0${'\0'.repeat(n)}x`) })),
  fc.nat({ max: 3 }).map((n) => ({ kind: 'NUL only', bytes: enc('\0'.repeat(n + 1)) })),
  fc.constantFrom('\n', '\r\n', '\nsk-second-line').map((sep) => ({ kind: 'inner newline', bytes: enc(`${PLANTED.stdinKey}${sep}tail-1234567890\n`) })),
  fc.integer({ min: 64 * 1024, max: 2 * 1024 * 1024 }).map((n) => ({ kind: 'very long', bytes: enc(`${PLANTED.stdinKey}${'A'.repeat(n)}\n`) })),
  fc.tuple(fc.nat({ max: PLANTED.stdinKey.length }), badUtf8).map(([at, b]) => ({ kind: 'non-UTF-8', bytes: insertAt(enc(PLANTED.stdinKey), at, b) })),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((s) => ({ kind: 'unicode', bytes: enc(`${PLANTED.stdinKey}${s}`) })),
);

/** What the reference does with stdin bytes: null = "No … provided", 'utf8' = Failed to read stdin, else the key. */
export function expectedStdinSecret(bytes: Uint8Array): { outcome: 'empty' } | { outcome: 'utf8' } | { outcome: 'key'; key: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { outcome: 'utf8' };
  }
  const key = rustTrim(text);
  return key === '' ? { outcome: 'empty' } : { outcome: 'key', key };
}

// ---------- CA files ----------

export const PLANTED_PRIVATE_KEY_BODY = 'MC4CAQAwBQYDK2VwBCIEIPLANTEDprivatekeymaterial0123456789abcdef';

const pemBlock = (label: string, body: string): string => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

/** CA bundle contents that hold no usable certificate (or a broken one), some with a private key inside. */
export const caFileCase: fc.Arbitrary<{ kind: string; bytes: Uint8Array }> = fc.oneof(
  fc.constant({ kind: 'empty', bytes: new Uint8Array() }),
  fc.uint8Array({ maxLength: 300 }).map((b) => ({ kind: 'random bytes (DER-like)', bytes: b })),
  fc.string({ maxLength: 200 }).map((s) => ({ kind: 'text', bytes: enc(s) })),
  fc.constant({ kind: 'key only', bytes: enc(pemBlock('PRIVATE KEY', PLANTED_PRIVATE_KEY_BODY)) }),
  fc
    .string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!*-_ \n'.split('')), maxLength: 120 })
    .map((body) => ({ kind: 'bad base64 certificate', bytes: enc(pemBlock('PRIVATE KEY', PLANTED_PRIVATE_KEY_BODY) + pemBlock('CERTIFICATE', `!${body}`)) })),
  fc.string({ maxLength: 60 }).map((body) => ({ kind: 'unterminated', bytes: enc(`-----BEGIN CERTIFICATE-----\n${body}`) })),
  fc.constantFrom('PKCS7', 'X509 CRL', 'PUBLIC KEY').map((l) => ({ kind: l, bytes: enc(pemBlock(l, 'MIIBAA==')) })),
  fc.tuple(fc.constant(0), badUtf8).map(([, b]) => ({ kind: 'non-UTF-8', bytes: Buffer.concat([Buffer.from([...b]), enc(pemBlock('CERTIFICATE', 'MIIB'))]) })),
);

// ---------- issuer responses ----------

export interface IssuerAnswer {
  kind: string;
  status: number;
  contentType: string;
  /** The body in chunks; `stall` = the body never finishes after these chunks. */
  chunks: string[];
  stall?: boolean;
  /** A connection reset mid-body (the stream errors). */
  reset?: boolean;
  /** After the chunks, this many MB of 64 KiB lines (made on demand, so reports stay short). */
  hugeMb?: number;
}

const statusCode = fc.oneof(fc.constantFrom(200, 201, 204, 301, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504), fc.integer({ min: 200, max: 599 }));

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        id_token: fc.oneof(fc.constant(PLANTED.idToken), fc.jsonValue({ maxDepth: 1 }), fc.constant('notajwt')),
        access_token: fc.oneof(fc.constant(PLANTED.accessToken), fc.jsonValue({ maxDepth: 1 })),
        refresh_token: fc.oneof(fc.constant(PLANTED.refreshToken), fc.jsonValue({ maxDepth: 1 })),
        error: fc.oneof(fc.string({ maxLength: 30 }), fc.record({ code: fc.jsonValue({ maxDepth: 1 }), message: fc.string({ maxLength: 40 }) })),
        error_description: fc.string({ maxLength: 60 }),
        device_auth_id: fc.jsonValue({ maxDepth: 1 }),
        user_code: fc.jsonValue({ maxDepth: 1 }),
        interval: fc.jsonValue({ maxDepth: 1 }),
        email: fc.jsonValue({ maxDepth: 1 }),
        chatgpt_user_id: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.constantFrom('', 'hello', '{', '{"error":', 'null', '[]', '<html><body>502 Bad Gateway</body></html>', 'line one\nline two\r\nline three'),
);

/** What a hostile or broken issuer may answer: any status, malformed/missing/mistyped JSON, huge, slow, cut. */
export const issuerAnswer: fc.Arbitrary<IssuerAnswer> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(statusCode, jsonBody).map(([status, body]) => ({ kind: 'json', status, contentType: 'application/json', chunks: [body] })) },
  {
    weight: 1,
    arbitrary: fc.tuple(statusCode, fc.integer({ min: 1, max: 3 }), fc.constantFrom('{"error":{"message":"', '{"error_description":"', 'error: ')).map(([status, mb, head]) => ({
      kind: 'huge',
      status,
      contentType: 'text/plain',
      chunks: [head],
      hugeMb: mb,
    })),
  },
  { weight: 1, arbitrary: fc.tuple(statusCode, jsonBody).map(([status, body]) => ({ kind: 'slow', status, contentType: 'application/json', chunks: [body.slice(0, 5)], stall: true })) },
  { weight: 1, arbitrary: fc.tuple(statusCode, jsonBody).map(([status, body]) => ({ kind: 'reset', status, contentType: 'application/json', chunks: [body.slice(0, 7)], reset: true })) },
  {
    weight: 1,
    arbitrary: fc.tuple(statusCode).map(([status]) => ({
      kind: 'echoes secrets',
      status,
      contentType: 'application/json',
      chunks: [JSON.stringify({ error: 'invalid_grant', error_description: `bad ${PLANTED.refreshToken} ${PLANTED.stdinKey} ${PLANTED.pat}` })],
    })),
  },
);

// ---------- special files, sizes, prototype keys, control characters (issue 10) ----------

/** Ways a path (auth.json, config.toml, a CA file) can be something other than a regular file. */
export type SpecialKind = 'fifo' | 'socket' | 'directory' | 'device' | 'device (link)';
export const SPECIAL_KINDS: readonly SpecialKind[] = ['fifo', 'socket', 'directory', 'device', 'device (link)'];

/**
 * Makes `path` a special file of `kind`; returns a cleanup (a socket needs its server closed).
 * `device` is a character device node (mknod, as root) — /dev/zero's numbers, so a reader that
 * does not refuse it reads forever; `device (link)` is a symlink to /dev/zero.
 */
export async function makeSpecial(path: string, kind: SpecialKind): Promise<() => Promise<void>> {
  const { execFileSync } = await import('node:child_process');
  const { mkdirSync, symlinkSync } = await import('node:fs');
  switch (kind) {
    case 'fifo':
      execFileSync('mkfifo', [path]);
      return async () => {};
    case 'directory':
      mkdirSync(path);
      return async () => {};
    case 'device':
      execFileSync('mknod', [path, 'c', '1', '5']);
      return async () => {};
    case 'device (link)':
      symlinkSync('/dev/zero', path);
      return async () => {};
    case 'socket': {
      const { createServer } = await import('node:net');
      const server = createServer((s) => s.destroy());
      await new Promise<void>((r) => server.listen(path, r));
      return () => new Promise<void>((r) => server.close(() => r()));
    }
  }
}

/** Input sizes from 1 KB to 100 MB (bytes). */
export const INPUT_SIZES: readonly number[] = [1024, 64 * 1024, 1024 * 1024, 10 * 1024 * 1024, 100 * 1024 * 1024];

/** Keys that pollute Object.prototype when assigned into a plain object. */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Text a hostile server may send: ESC sequences (colours, cursor moves, OSC title/hyperlink), BEL, forged lines. */
export const CONTROL_TEXTS: readonly string[] = [
  '\u001b[31mred\u001b[0m',
  '\u001b]0;pwned title\u0007',
  '\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\',
  'bell\u0007\u0007',
  'ok\nSuccessfully logged in\n',
  'carriage\rSuccessfully logged in',
  '\u009b31mC1 CSI',
  'nul\u0000byte',
  '\u001b[2J\u001b[Hcleared',
];

/** Whether `s` holds a control character a terminal would act on (C0 except tab/newline, DEL, C1). */
export function hasRawControl(s: string, allowNewlines = true): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (allowNewlines && (c === 0x0a || c === 0x09)) continue;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return true;
  }
  return false;
}

/** A planted secret that is not URL-safe: its percent-, form- and JSON-escaped spellings all differ. */
export const PLANTED_SPECIAL = 'rt+PLANTED/special=!\'()*~"\\ %x';
