// Workload identity end to end, offline: the embedded issuer with a federation rule trusting a key
// made here, and assertions (file source) signed with it.
import { writeFileSync } from 'node:fs';
import { startIssuer, type RunningIssuer } from '../../../src/issuer/index.js';

export interface Federation {
  issuer: RunningIssuer;
  ruleId: string;
  /** Signs an assertion (ES256, kid header) with the trusted key; `over` changes claims/header. */
  sign(over?: { claims?: Record<string, unknown>; kid?: string | null; key?: 'trusted' | 'other' }): Promise<string>;
  /** Writes a fresh assertion to `path`. */
  writeAssertion(path: string, over?: Parameters<Federation['sign']>[0]): Promise<string>;
  close(): Promise<void>;
}

export const WORKLOAD_ISSUER = 'https://token.actions.example.test';
export const WORKLOAD_AUDIENCE = 'https://auth.openai.com';

export async function startFederation(opts: { ttlSeconds?: number; now?: () => number; subject?: string } = {}): Promise<Federation> {
  const jose = await import('jose');
  const trusted = await jose.generateKeyPair('ES256', { extractable: true });
  const other = await jose.generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(trusted.publicKey)), kid: 'k1', alg: 'ES256' };
  const now = opts.now ?? (() => Date.now());
  const issuer = await startIssuer({ admin: true, ...(opts.now ? { now: opts.now } : {}) });
  const rule = issuer.admin.addFederationRule({
    issuer: WORKLOAD_ISSUER,
    jwks: { keys: [jwk] },
    audience: WORKLOAD_AUDIENCE,
    subject: opts.subject ?? 'repo:acme/*:ref:refs/heads/main',
    account: 'dev@example.com',
    ttlSeconds: opts.ttlSeconds ?? 600,
  });
  const sign: Federation['sign'] = async (over = {}) => {
    const iat = Math.floor(now() / 1000);
    const claims = { iss: WORKLOAD_ISSUER, aud: WORKLOAD_AUDIENCE, sub: 'repo:acme/app:ref:refs/heads/main', iat, exp: iat + 300, ...over.claims };
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete (claims as Record<string, unknown>)[k];
    const header = { alg: 'ES256', ...(over.kid === null ? {} : { kid: over.kid ?? 'k1' }) };
    return new jose.SignJWT(claims).setProtectedHeader(header).sign(over.key === 'other' ? other.privateKey : trusted.privateKey);
  };
  return {
    issuer,
    ruleId: rule.id,
    sign,
    writeAssertion: async (path, over) => {
      const jwt = await sign(over);
      writeFileSync(path, `${jwt}\n`);
      return jwt;
    },
    close: () => issuer.close(),
  };
}

/** The env selecting the file source; the assertion lives next to CODEX_HOME (`<home>.jwt`), not in it. */
export function wifEnv(home: string, ruleId: string): { CODEX_HOME: string; HOME: string; OPENAI_FEDERATION_RULE_ID: string; OPENAI_IDENTITY_TOKEN_FILE: string } {
  return { CODEX_HOME: home, HOME: home, OPENAI_FEDERATION_RULE_ID: ruleId, OPENAI_IDENTITY_TOKEN_FILE: `${home}.jwt` };
}
