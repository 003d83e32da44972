// Benchmark fixtures: temporary CODEX_HOMEs holding realistic credentials, in the exact format the
// official Codex CLI 0.169.0 and 0.171.0 write (docs/reference/codex-cli-observed.md §2.1.5):
// 2-space pretty JSON, no trailing newline, mode 0600. JWT signatures are junk (never checked by either CLI).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const API_KEY = 'sk-proj-bench0123456789abcdefghijklmnopqrstuvwxyzABCDE';
const b64url = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

/** A JWT with the given payload and a junk RS256 signature. */
export function jwt(payload) {
  return `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'bench-key-1' })}.${b64url(payload)}.${randomBytes(256).toString('base64url')}`;
}

const ACCOUNT = 'acct-bench-0f1e2d3c4b5a';
const USER = 'user-BenchBenchBench0123';

/** id_token + access_token as auth.openai.com issues them (claims trimmed to what is read). */
export function chatgptTokens({ nowSec, expSec, issuer = 'https://auth.openai.com' }) {
  const auth = {
    chatgpt_account_id: ACCOUNT,
    chatgpt_plan_type: 'plus',
    chatgpt_user_id: USER,
    user_id: USER,
  };
  const id_token = jwt({
    iss: issuer,
    aud: [CLIENT_ID],
    sub: 'auth0|bench0123456789',
    iat: nowSec,
    exp: expSec,
    auth_time: nowSec,
    email: 'bench@example.com',
    email_verified: true,
    'https://api.openai.com/auth': { ...auth, organizations: [{ id: 'org-bench', is_default: true, role: 'owner', title: 'Personal' }] },
    'https://api.openai.com/profile': { email: 'bench@example.com', email_verified: true },
  });
  const access_token = jwt({
    iss: issuer,
    aud: ['https://api.openai.com/v1'],
    client_id: CLIENT_ID,
    sub: 'auth0|bench0123456789',
    iat: nowSec,
    nbf: nowSec,
    exp: expSec,
    jti: randomBytes(16).toString('hex'),
    scp: ['openid', 'profile', 'email', 'offline_access'],
    session_id: `authsess_${randomBytes(12).toString('hex')}`,
    'https://api.openai.com/auth': auth,
    'https://api.openai.com/profile': { email: 'bench@example.com', email_verified: true },
  });
  return { id_token, access_token };
}

/** An auth.json document for a ChatGPT login whose tokens expire at `expSec`. */
export function chatgptAuthJson({ nowSec, expSec, refreshToken = `rt-bench-${randomBytes(24).toString('base64url')}`, issuer = 'https://auth.openai.com' }) {
  const { id_token, access_token } = chatgptTokens({ nowSec, expSec, issuer });
  return {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token,
      access_token,
      refresh_token: refreshToken,
      oauth_provenance: { issuer, client_id: CLIENT_ID },
      login_owner_id: randomBytes(32).toString('base64url'),
      account_id: ACCOUNT,
    },
    last_refresh: new Date(nowSec * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z'),
  };
}

export function apiKeyAuthJson() {
  return { auth_mode: 'apikey', OPENAI_API_KEY: API_KEY };
}

export function writeAuthJson(home, doc) {
  writeFileSync(join(home, 'auth.json'), JSON.stringify(doc, null, 2), { mode: 0o600 });
}

/** Temp-dir bookkeeping: every directory made here is removed by cleanup(). */
export class Homes {
  #dirs = [];
  make(prefix = 'codex-auth-bench-') {
    const d = mkdtempSync(join(tmpdir(), prefix));
    this.#dirs.push(d);
    return d;
  }
  /** The three `login status` states: none, API key, ChatGPT (tokens valid for a year). */
  states(nowSec) {
    const none = this.make();
    const apikey = this.make();
    writeAuthJson(apikey, apiKeyAuthJson());
    const chatgpt = this.make();
    const doc = chatgptAuthJson({ nowSec, expSec: nowSec + 365 * 24 * 3600 });
    writeAuthJson(chatgpt, doc);
    return { none, apikey, chatgpt, chatgptDoc: doc };
  }
  cleanup() {
    for (const d of this.#dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/**
 * A hermetic environment for a CLI under test: no proxy, no CA override (this machine sets
 * SSL_CERT_FILE globally; we drop it so neither CLI loads a CA bundle), no D-Bus (file store).
 */
export function cliEnv(codexHome, extra = {}) {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    CODEX_HOME: codexHome,
    NO_PROXY: '127.0.0.1,localhost',
    TERM: 'dumb',
    LANG: 'C.UTF-8',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}
