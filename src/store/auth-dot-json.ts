/**
 * auth.json: parse (bytes → AuthDotJson, failing with the official binary's serde_json messages),
 * serialize (field order and null rules of 0.169.0; unknown fields kept), and mode resolution.
 * References: spec §2, §2.1; observed §2.1.5, §3.
 */
import { CodexAuthError } from '../errors.js';
import { STORE } from '../messages/store.js';
import { AUTH_JSON_CHECKS, AUTH_MODES, decodeBase64UrlStrict, isAgentIdentity, normalizeAuthDotJson, parseAuthJsonFast } from './auth-json-fast.js';
import { isChronoDateTime } from './chrono-datetime.js';
import { dataError, SerdeError } from '../serde/error.js';
import { serdeFromSlice, type FieldSchema, type Schema } from '../serde/schema.js';
import type { AgentIdentityRecord, AuthDotJson, AuthMode, TokenData } from './types.js';

export { AUTH_MODES, decodeBase64UrlStrict };
export { resolveAuthMode } from './auth-mode.js';

const str: Schema = { t: 'string' };
const optStr: Schema = { t: 'option', of: str };
const req = (schema: Schema): FieldSchema => ({ schema, optional: false });
const opt = (schema: Schema): FieldSchema => ({ schema: { t: 'option', of: schema }, optional: true });
const dflt = (schema: Schema): FieldSchema => ({ schema, optional: true, seqDefault: true });

/** The id_token claims the reference decodes on load (spec §5.7); all optional. */
const CLAIMS: Schema = {
  t: 'struct',
  fields: {
    email: dflt(optStr),
    'https://api.openai.com/profile': dflt({ t: 'option', of: { t: 'struct', fields: { email: dflt(optStr) } } }),
    'https://api.openai.com/auth': dflt({
      t: 'option',
      of: {
        t: 'struct',
        fields: {
          chatgpt_plan_type: dflt({ t: 'option', of: { t: 'untagged', accept: (v) => typeof v === 'string' } }),
          chatgpt_user_id: dflt(optStr),
          user_id: dflt(optStr),
          chatgpt_account_id: dflt(optStr),
          chatgpt_account_is_fedramp: dflt({ t: 'bool' }),
        },
      },
    }),
  },
};

/**
 * The reference decodes the id_token's payload on load: three dot-separated parts (header,
 * payload and signature non-empty; more parts are ignored), payload unpadded base64url JSON
 * matching the claims. A claims error keeps its position inside the payload (observed).
 */
export function checkIdToken(jwt: string): SerdeError | null {
  const parts = jwt.split('.');
  const [h, p, s] = parts;
  if (!h || !p || !s) return dataError('invalid ID token format');
  const payload = decodeBase64UrlStrict(p);
  if (!payload) return dataError('invalid ID token payload');
  try {
    serdeFromSlice(payload, CLAIMS);
    return null;
  } catch (e) {
    if (e instanceof SerdeError) return new SerdeError('Data', e.reason, e.line, e.column);
    throw e;
  }
}

function checkTimestamp(v: unknown): SerdeError | null {
  return typeof v === 'string' && isChronoDateTime(v) ? null : dataError('invalid timestamp');
}

const TOKENS: Schema = {
  t: 'struct',
  fields: {
    id_token: req({ t: 'check', of: str, check: (v) => checkIdToken(v as string), inVisitor: false }),
    access_token: req(str),
    refresh_token: req(str),
    oauth_provenance: opt({ t: 'struct', fields: { issuer: req(str), client_id: req(str) } }),
    login_owner_id: opt(str),
    account_id: opt(str),
  },
};

const AUTH_DOT_JSON: Schema = {
  t: 'struct',
  fields: {
    auth_mode: opt({ t: 'enum', variants: [...AUTH_MODES, 'headers'] }),
    OPENAI_API_KEY: opt(str),
    tokens: opt(TOKENS),
    // The fields after `tokens` are `#[serde(default)]` (matters only for the array form).
    last_refresh: dflt({ t: 'option', of: { t: 'check', of: str, check: checkTimestamp, inVisitor: true } }),
    agent_identity: dflt({ t: 'option', of: { t: 'untagged', accept: isAgentIdentity } }),
    personal_access_token: dflt(optStr),
    bedrock_api_key: dflt({ t: 'option', of: { t: 'struct', fields: { api_key: req(str), region: req(str) } } }),
  },
};

export type AuthOrigin = { kind: 'file'; path: string } | { kind: 'keyring' };

function malformed(origin: AuthOrigin, detail: string, cause?: unknown): CodexAuthError {
  const message =
    origin.kind === 'file'
      ? STORE.deserializeFile(detail) + STORE.fixFileHint(origin.path)
      : STORE.deserializeKeyring(detail);
  return new CodexAuthError('store.malformed', message, { cause, details: { origin: origin.kind } });
}

/** serde_json's Display for an error, redacted like the reference for Data errors. */
export function describeSerdeError(e: SerdeError): string {
  return e.category === 'Data' ? STORE.invalidCredentialJson('Data', e.line, e.column) : e.message;
}

/**
 * Parses a stored auth document (auth.json bytes, or the keyring secret). Throws CodexAuthError
 * `store.malformed` with the reference's message (`failed to deserialize CLI auth from file: …`)
 * — for a file followed by which file and what to do — or `store.invalid_utf8`.
 * Unknown fields are kept; `agent_identity.email` missing reads as "" (the reference's "absent").
 * `fastPath: false` always runs the serde_json emulation (tests compare both paths).
 */
export function parseAuthDotJson(input: Uint8Array | string, origin: AuthOrigin, options: { fastPath?: boolean } = {}): AuthDotJson {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes); // keep a BOM: serde rejects it
  } catch (e) {
    const hint = origin.kind === 'file' ? STORE.fixFileHint(origin.path) : '';
    throw new CodexAuthError('store.invalid_utf8', STORE.invalidUtf8 + hint, { cause: e });
  }
  // Plain documents (all of them in practice) take JSON.parse; the exact serde_json emulation
  // runs only for what that fast check does not vouch for, and gives the reference's errors.
  let raw = options.fastPath === false ? undefined : parseAuthJsonFast(text, AUTH_JSON_CHECKS);
  if (!raw) {
    try {
      raw = serdeFromSlice(bytes, AUTH_DOT_JSON) as Record<string, unknown>;
    } catch (e) {
      if (e instanceof SerdeError) throw malformed(origin, describeSerdeError(e), e);
      throw e;
    }
  }
  if (raw.auth_mode === 'headers') {
    throw new CodexAuthError('store.external_auth', STORE.externalAuth);
  }
  return normalizeAuthDotJson(raw);
}

/** Known fields first in the reference's order (with its omit-when-absent rules), then unknown ones. */
function ordered(
  o: Record<string, unknown>,
  known: ReadonlyArray<readonly [string, 'always' | 'skipNone' | 'nullIfAbsent']>,
  mapValue: (k: string, v: unknown) => unknown = (_k, v) => v,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const knownNames = new Set(known.map(([k]) => k));
  for (const [k, rule] of known) {
    const v = o[k];
    if (v === undefined || v === null) {
      if (rule === 'skipNone') continue;
      if (rule === 'nullIfAbsent') {
        out[k] = null;
        continue;
      }
      if (v === undefined) continue;
    }
    out[k] = mapValue(k, v);
  }
  for (const [k, v] of Object.entries(o)) {
    if (!knownNames.has(k) && v !== undefined) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function orderTokens(t: TokenData): Record<string, unknown> {
  return ordered(t, [
    ['id_token', 'always'],
    ['access_token', 'always'],
    ['refresh_token', 'always'],
    ['oauth_provenance', 'skipNone'],
    ['login_owner_id', 'skipNone'],
    ['account_id', 'nullIfAbsent'],
  ], (k, v) => (k === 'oauth_provenance' ? ordered(v as Record<string, unknown>, [['issuer', 'always'], ['client_id', 'always']]) : v));
}

function orderAgentIdentity(a: AgentIdentityRecord): Record<string, unknown> {
  const withEmail = { ...a, email: typeof a.email === 'string' ? a.email : '' };
  return ordered(withEmail, [
    ['agent_runtime_id', 'always'],
    ['agent_private_key', 'always'],
    ['account_id', 'always'],
    ['chatgpt_user_id', 'always'],
    ['email', 'always'],
    ['plan_type', 'always'],
    ['chatgpt_account_is_fedramp', 'always'],
    ['task_id', 'skipNone'],
  ]);
}

/** The document with the reference's field order and omission rules applied. */
export function canonicalAuthDotJson(doc: AuthDotJson): Record<string, unknown> {
  return ordered(
    doc,
    [
      ['auth_mode', 'skipNone'],
      ['OPENAI_API_KEY', 'nullIfAbsent'],
      ['tokens', 'skipNone'],
      ['last_refresh', 'skipNone'],
      ['agent_identity', 'skipNone'],
      ['personal_access_token', 'skipNone'],
      ['bedrock_api_key', 'skipNone'],
    ],
    (k, v) => {
      if (k === 'tokens') return orderTokens(v as TokenData);
      if (k === 'agent_identity' && typeof v === 'object') return orderAgentIdentity(v as AgentIdentityRecord);
      if (k === 'bedrock_api_key') return ordered(v as Record<string, unknown>, [['api_key', 'always'], ['region', 'always']]);
      return v;
    },
  );
}

/** auth.json text: 2-space pretty JSON, no trailing newline (what 0.169.0 writes). */
export function serializeAuthDotJson(doc: AuthDotJson): string {
  return JSON.stringify(canonicalAuthDotJson(doc), null, 2);
}

/** The keyring secret: the same document as compact JSON. */
export function serializeAuthDotJsonCompact(doc: AuthDotJson): string {
  return JSON.stringify(canonicalAuthDotJson(doc));
}
