/**
 * The fast path of auth.json parsing: `JSON.parse` plus a shape check that accepts only documents
 * the serde_json emulation (../serde/schema.ts) would read to the very same value. Anything else —
 * a syntax error, a wrong type, a duplicate key, a lone surrogate escape, non-finite numbers,
 * deep nesting, the array form of a struct — returns undefined, and the caller runs the exact
 * emulation, which produces the official binary's error text (or the value, for the rare valid
 * documents this check is too strict for). Being conservative here is always safe.
 *
 * Why: the emulation reads byte by byte and costs far more than the rest of `login status`.
 * This module does not import the emulation, so the CLI's quick path (src/cli/quick.ts) can
 * read auth.json without loading it (parseAuthDotJsonPlain).
 */
import { decodeBase64UrlStrict, parsePlainJson } from '../serde/plain.js';
import { isChronoDateTime } from './chrono-datetime.js';
import type { AgentIdentityRecord, AuthDotJson, AuthMode } from './types.js';

export { decodeBase64UrlStrict, parsePlainJson };

type Obj = Record<string, unknown>;
type Check = (v: unknown) => boolean;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr: Check = (v) => typeof v === 'string';
/** `Option<T>` (present null allowed) or a `#[serde(default)]` field whose type is an Option. */
const opt =
  (c: Check): Check =>
  (v) =>
    v === undefined || v === null || c(v);
const req =
  (c: Check): Check =>
  (v) =>
    v !== undefined && c(v);
const struct =
  (fields: Record<string, Check>): Check =>
  (v) => {
    if (!isObj(v)) return false;
    for (const k in fields) if (!fields[k]!(v[k])) return false;
    return true;
  };

const CLAIMS = struct({
  email: opt(isStr),
  'https://api.openai.com/profile': opt(struct({ email: opt(isStr) })),
  'https://api.openai.com/auth': opt(
    struct({
      chatgpt_plan_type: opt(isStr),
      chatgpt_user_id: opt(isStr),
      user_id: opt(isStr),
      chatgpt_account_id: opt(isStr),
      chatgpt_account_is_fedramp: (v) => v === undefined || typeof v === 'boolean',
    }),
  ),
});

/**
 * Whether an id_token passes the load-time check quickly (three non-empty parts, canonical
 * unpadded base64url payload, plain JSON claims of the right types). false means "ask the
 * emulation", not "invalid".
 */
export function plainIdTokenOk(jwt: string, decodePayload: (s: string) => Buffer | null): boolean {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return false;
  const payload = decodePayload(p);
  if (!payload) return false;
  // Valid UTF-8 only (serde reads bytes): a replacement character means "ask the emulation". A
  // BOM stays in the text, so JSON.parse refuses it as serde does.
  const text = payload.toString('utf8');
  if (text.includes('\ufffd')) return false;
  return CLAIMS(parsePlainJson(text));
}

/**
 * The parsed auth.json when it is plain and every known field has its type; undefined otherwise.
 * `checks` are the emulation's own checks for what is not a plain type.
 */
export function parseAuthJsonFast(
  text: string,
  checks: { authModes: readonly string[]; idToken: Check; timestamp: Check; agentIdentity: Check },
): Obj | undefined {
  const v = parsePlainJson(text);
  const ok = struct({
    auth_mode: opt((m) => typeof m === 'string' && checks.authModes.includes(m)),
    OPENAI_API_KEY: opt(isStr),
    tokens: opt(
      struct({
        id_token: req((t) => isStr(t) && checks.idToken(t)),
        access_token: req(isStr),
        refresh_token: req(isStr),
        oauth_provenance: opt(struct({ issuer: req(isStr), client_id: req(isStr) })),
        login_owner_id: opt(isStr),
        account_id: opt(isStr),
      }),
    ),
    last_refresh: opt((t) => isStr(t) && checks.timestamp(t)),
    agent_identity: opt(checks.agentIdentity),
    personal_access_token: opt(isStr),
    bedrock_api_key: opt(struct({ api_key: req(isStr), region: req(isStr) })),
  });
  return ok(v) ? (v as Obj) : undefined;
}

export const AUTH_MODES = [
  'apikey',
  'chatgpt',
  'chatgptAuthTokens',
  'agentIdentity',
  'personalAccessToken',
  'bedrockApiKey',
] as const satisfies readonly AuthMode[];


const AGENT_RECORD_FIELDS = {
  agent_runtime_id: 'string',
  agent_private_key: 'string',
  account_id: 'string',
  chatgpt_user_id: 'string',
  plan_type: 'string',
  chatgpt_account_is_fedramp: 'boolean',
} as const;

export function isAgentIdentity(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  for (const [k, type] of Object.entries(AGENT_RECORD_FIELDS)) if (typeof o[k] !== type) return false;
  if (o.email !== undefined && o.email !== null && typeof o.email !== 'string') return false;
  if (o.task_id !== undefined && o.task_id !== null && typeof o.task_id !== 'string') return false;
  return true;
}

/** The checks of auth.json's format (auth-dot-json.ts's schema) that are not plain JSON types. */
export const AUTH_JSON_CHECKS = {
  authModes: [...AUTH_MODES, 'headers'],
  idToken: (t: unknown) => plainIdTokenOk(t as string, decodeBase64UrlStrict),
  timestamp: (t: unknown) => typeof t === 'string' && isChronoDateTime(t),
  agentIdentity: isAgentIdentity,
};

/**
 * parseAuthDotJson's result for a plain document (the fast check alone, no serde_json
 * emulation); undefined for anything else — including every document parseAuthDotJson would
 * reject — so the caller can fall back to it. For the CLI's quick path (src/cli/quick.ts).
 */
export function parseAuthDotJsonPlain(text: string): AuthDotJson | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined; // a BOM: serde rejects it, JSON.parse would not see it
  const raw = parseAuthJsonFast(text, AUTH_JSON_CHECKS);
  return raw && raw.auth_mode !== 'headers' ? normalizeAuthDotJson(raw) : undefined;
}

/** Absent optional fields as the rest of the code expects them (OPENAI_API_KEY null, others deleted). */
export function normalizeAuthDotJson(raw: Record<string, unknown>): AuthDotJson {
  const doc = { ...raw } as AuthDotJson;
  if (doc.OPENAI_API_KEY === undefined) doc.OPENAI_API_KEY = null;
  for (const k of ['auth_mode', 'agent_identity', 'personal_access_token', 'bedrock_api_key'] as const) {
    if (doc[k] === null) delete doc[k];
  }
  const ai = doc.agent_identity;
  if (ai && typeof ai === 'object') {
    const rec = { ...ai } as AgentIdentityRecord;
    if (typeof rec.email !== 'string') rec.email = '';
    if (rec.task_id === null) delete rec.task_id;
    doc.agent_identity = rec;
  }
  return doc;
}
