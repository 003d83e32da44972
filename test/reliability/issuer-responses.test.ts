// Issuer responses corpus (issue 6): every protocol step of src/oauth/ against whatever a broken
// or hostile issuer may answer — any status, malformed JSON, missing or mistyped fields, huge
// bodies, bodies that stall until the timeout fires, connections reset mid-body. Each call either
// resolves with well-typed data or rejects with a CodexAuthError whose message is one short line
// holding none of the secrets the call sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCodexAuthError } from '../../src/errors.js';
import type { FetchLike } from '../../src/net/types.js';
import { exchangeApiKey } from '../../src/oauth/api-key-exchange.js';
import { exchangeCode } from '../../src/oauth/code-exchange.js';
import { exchangeDeviceCode } from '../../src/oauth/device-exchange.js';
import { pollDeviceToken } from '../../src/oauth/device-poll.js';
import { requestUserCode } from '../../src/oauth/device-usercode.js';
import { refreshTokens } from '../../src/oauth/refresh.js';
import { revokeToken } from '../../src/oauth/revoke.js';
import { fetchPatMetadata } from '../../src/oauth/whoami.js';
import { issuerAnswer, PLANTED, type IssuerAnswer } from '../helpers/bad-input.js';
import { assertNoSecret, assertNoStack } from '../helpers/invariants.js';

/** Longest error message we accept: a huge body must not become a huge error. */
const MAX_MESSAGE = 2048;

/** A fetch that answers `a`: headers at once, then the chunks, then end / stall-until-timeout / reset. */
function answering(a: IssuerAnswer): FetchLike {
  return async (_url, init) => {
    const signal = (init as RequestInit | undefined)?.signal ?? undefined;
    const enc = new TextEncoder();
    const chunks = [...a.chunks];
    for (let k = 0; k < (a.hugeMb ?? 0) * 16; k++) chunks.push(`${'y'.repeat(64 * 1024 - 1)}\n`);
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        if (i < chunks.length) {
          ctrl.enqueue(enc.encode(chunks[i++]!));
          return;
        }
        if (a.reset) {
          ctrl.error(Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }));
          return;
        }
        if (a.stall) {
          // The request's timeout fires while the body is still coming.
          await new Promise((r) => setTimeout(r, 5));
          ctrl.error(signal?.reason ?? new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
          return;
        }
        ctrl.close();
      },
    });
    const nullBody = a.status === 204 || a.status === 304;
    return new Response(nullBody ? null : body, { status: a.status, headers: { 'content-type': a.contentType } });
  };
}

const CODE = 'ac-PLANTED-authcode-5d1e8f2a9c3b7e40';
const VERIFIER = 'PLANTED-verifier-3f9a1c7e5b2d8e4f6a0c2e4f6a8b0d2f4a6c8e0a2c4e6f8a0b2d4f6a8c0e2f4a6c8e0a2c';
const ISSUER = 'https://issuer.invalid';

interface Step {
  name: string;
  secrets: readonly string[];
  call: (fetch: FetchLike) => Promise<unknown>;
  /** What a success must look like (issue 10: any value used to pass). */
  valid: (value: unknown, status: number) => boolean;
}

const ok2xx = (status: number) => status >= 200 && status < 300;
const str = (v: unknown) => typeof v === 'string';
const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;
const obj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const tokenSet = (v: unknown) => obj(v) && str(v['idToken']) && str(v['accessToken']) && str(v['refreshToken']);

const STEPS: readonly Step[] = [
  {
    name: 'usercode',
    secrets: [],
    call: (fetch) => requestUserCode({ fetch, issuer: ISSUER }),
    valid: (v, st) => ok2xx(st) && obj(v) && nonEmpty(v['deviceAuthId']) && nonEmpty(v['userCode']) && Number.isInteger(v['intervalSeconds']) && str(v['verificationUrl']),
  },
  {
    name: 'device poll',
    secrets: [],
    call: (fetch) => pollDeviceToken({ fetch, issuer: ISSUER, deviceAuthId: 'dev-1', userCode: 'ABCD-1234' }),
    valid: (v, st) =>
      obj(v) &&
      ((v['status'] === 'pending' && (st === 403 || st === 404)) ||
        (v['status'] === 'authorized' && ok2xx(st) && str(v['authorizationCode']) && str(v['codeChallenge']) && str(v['codeVerifier']))),
  },
  {
    name: 'device exchange',
    secrets: [CODE, VERIFIER],
    call: (fetch) => exchangeDeviceCode({ fetch, issuer: ISSUER, authorizationCode: CODE, codeVerifier: VERIFIER }),
    valid: (v, st) => ok2xx(st) && tokenSet(v),
  },
  {
    name: 'code exchange',
    secrets: [CODE, VERIFIER],
    call: (fetch) => exchangeCode({ fetch, issuer: ISSUER, code: CODE, codeVerifier: VERIFIER, redirectUri: 'http://127.0.0.1:1455/auth/callback' }),
    valid: (v, st) => ok2xx(st) && tokenSet(v),
  },
  { name: 'api key exchange', secrets: [PLANTED.idToken], call: (fetch) => exchangeApiKey({ fetch, issuer: ISSUER, idToken: PLANTED.idToken }), valid: (v, st) => ok2xx(st) && str(v) },
  {
    name: 'refresh',
    secrets: [PLANTED.refreshToken],
    call: (fetch) => refreshTokens({ fetch, url: `${ISSUER}/oauth/token`, clientId: 'app_x', refreshToken: PLANTED.refreshToken, refreshReason: 'proactive_expiry' }),
    valid: (v, st) => ok2xx(st) && obj(v) && Object.values(v).every((x) => x === undefined || x === null || str(x)),
  },
  {
    name: 'revoke',
    secrets: [PLANTED.refreshToken],
    call: (fetch) => revokeToken({ fetch, url: `${ISSUER}/oauth/revoke`, token: PLANTED.refreshToken, kind: 'refresh_token', clientId: 'app_x' }),
    valid: (v, st) => ok2xx(st) && v === undefined,
  },
  {
    name: 'whoami',
    secrets: [PLANTED.pat],
    call: (fetch) => fetchPatMetadata({ fetch, authapiBaseUrl: `${ISSUER}/api/accounts`, token: PLANTED.pat }),
    valid: (v, st) => ok2xx(st) && obj(v) && str(v['chatgptAccountId']) && typeof v['chatgptAccountIsFedramp'] === 'boolean',
  },
];

test('issuer answer corpus × every oauth step: typed data or one short secret-free CodexAuthError line', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...STEPS), issuerAnswer, async (step, answer) => {
      let err: unknown;
      let value: unknown;
      try {
        value = await step.call(answering(answer));
      } catch (e) {
        err = e;
      }
      if (err === undefined) {
        assert.ok(step.valid(value, answer.status), `${step.name} resolved with ${JSON.stringify(value)?.slice(0, 200)} for a ${answer.status} ${answer.kind} answer`);
        return;
      }
      assert.ok(isCodexAuthError(err), `${step.name} rejected with a non-CodexAuthError: ${String(err)}`);
      assert.match(err.code, /^(oauth|net)\./);
      assert.doesNotMatch(err.message, /[\r\n]/, `${step.name}: a multi-line message: ${JSON.stringify(err.message.slice(0, 200))}`);
      assert.ok(err.message.length <= MAX_MESSAGE, `${step.name}: a ${err.message.length}-char message for a ${answer.kind} answer`);
      assert.ok(err.message.trim().length > 0);
      assertNoStack(err.message);
      assertNoSecret(err.message, step.secrets, `${step.name} error`);
      assertNoSecret(JSON.stringify(err.details), step.secrets, `${step.name} error details`);
    }),
    { includeErrorInReport: true, numRuns: 300 },
  );
});
