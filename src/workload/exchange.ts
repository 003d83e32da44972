/**
 * The workload identity token exchange (codex-0171-delta.md §1.4), byte for byte as the official
 * client sends it: `POST <token URL>` over HTTP/1.1 with exactly `content-type`, `accept`,
 * `accept-encoding`, `host` (and the body's `content-length`) — no User-Agent, no originator —
 * and the form `grant_type`, `assertion`, `federation_rule_id`[, `workload_identity_context`].
 * One attempt, no redirects, 30 s. Failures: `…is unavailable` (connect/TLS/timeout),
 * `…was rejected with HTTP <code>` (non-2xx; 408, 429 and 5xx are transient), `…invalid response`.
 */
import { CodexAuthError, isCodexAuthError } from '../errors.js';
import { WORKLOAD } from '../messages/workload.js';
import type { ExactClient } from '../net/exact-request.js';
import type { WorkloadConfig } from './config.js';
import { ACCEPT_ENCODING } from '../oauth/content-encoding.js';
import { decodeReplyBody } from './reply-body.js';
import { MAX_RESPONSE_BYTES, parseExchangeResponse, type WorkloadToken } from './response.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const EXCHANGE_TIMEOUT_MS = 30_000;

/** The form body, in the official order. */
export function exchangeBody(config: Pick<WorkloadConfig, 'ruleId' | 'context'>, assertion: string): string {
  const form = new URLSearchParams();
  form.append('grant_type', JWT_BEARER_GRANT);
  form.append('assertion', assertion);
  form.append('federation_rule_id', config.ruleId);
  if (config.context !== undefined) form.append('workload_identity_context', config.context);
  return form.toString();
}

/** The header lines, in the official order. */
export function exchangeHeaders(tokenUrl: string, body: Buffer): Array<[string, string]> {
  return [
    ['content-type', 'application/x-www-form-urlencoded'],
    ['accept', '*/*'],
    ['accept-encoding', ACCEPT_ENCODING],
    ['host', new URL(tokenUrl).host],
    ['content-length', String(body.length)],
  ];
}

function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export interface ExchangeOptions {
  client: ExactClient;
  config: Pick<WorkloadConfig, 'ruleId' | 'context' | 'tokenUrl'>;
  assertion: string;
  timeoutMs?: number;
}

export async function exchangeAssertion(o: ExchangeOptions): Promise<WorkloadToken> {
  const body = Buffer.from(exchangeBody(o.config, o.assertion), 'utf8');
  let res;
  try {
    res = await o.client({
      url: o.config.tokenUrl,
      method: 'POST',
      headers: exchangeHeaders(o.config.tokenUrl, body),
      body,
      timeoutMs: o.timeoutMs ?? EXCHANGE_TIMEOUT_MS,
      // Encoded bytes read at most: more than any reply that decodes within the 1 MiB limit needs.
      maxRawBytes: MAX_RESPONSE_BYTES * 8,
    });
  } catch (e) {
    if (!isCodexAuthError(e)) throw e;
    throw new CodexAuthError('workload.unavailable', WORKLOAD.exchangeUnavailable, { cause: e, details: { transient: true } });
  }
  if (res.status < 200 || res.status > 299) {
    const transient = isTransientStatus(res.status);
    throw new CodexAuthError('workload.rejected', WORKLOAD.exchangeRejected(res.status), { details: { status: res.status, transient } });
  }
  return parseExchangeResponse(res.body && (await decodeReplyBody(res.headers['content-encoding'], res.body, MAX_RESPONSE_BYTES)));
}
