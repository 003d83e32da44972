// src/serde/plain.ts: the JSON.parse / Buffer shortcuts must agree with the exact readers they
// stand in for — decodeBase64UrlStrict with oauth/jwt.ts's decodeBase64UrlNoPad (Rust's
// URL_SAFE_NO_PAD), and parsePlainJson's duplicate-key check with a character-level scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBase64UrlStrict, parsePlainJson } from '../../../src/serde/plain.js';
import { decodeBase64UrlNoPad, jwtPayload, decodeJwtPayload } from '../../../src/oauth/jwt.js';

const B64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.é ';

test('decodeBase64UrlStrict accepts exactly what decodeBase64UrlNoPad accepts, with the same bytes', () => {
  const text = fc.array(fc.constantFrom(...B64_CHARS), { maxLength: 24 }).map((a) => a.join(''));
  const canonical = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64url'));
  fc.assert(
    fc.property(fc.oneof(text, canonical, canonical.map((s) => `${s}=`), canonical.map((s) => s.slice(0, -1))), (s) => {
      let exact: Buffer | null;
      try {
        exact = decodeBase64UrlNoPad(s);
      } catch {
        exact = null;
      }
      const fast = decodeBase64UrlStrict(s);
      assert.equal(fast === null, exact === null, `disagree on ${JSON.stringify(s)}`);
      if (fast && exact) assert.deepEqual(fast, exact);
    }),
    { numRuns: 2000 },
  );
});

test('jwtPayload decodes exactly when decodeJwtPayload does, to the same object', () => {
  const enc = (o: string) => Buffer.from(o).toString('base64url');
  const payload = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.constantFrom('{"a":1,"a":2}', '{"exp":1e400}', '\ufeff{}', '{', 'null', '[]', '{"s":"\\ud800"}'),
  );
  const jwt = fc.tuple(fc.constantFrom('h', ''), payload.map(enc), fc.constantFrom('s', '', 's.x'), fc.boolean()).map(([h, p, s, pad]) => `${h}.${p}${pad ? '=' : ''}.${s}`);
  fc.assert(
    fc.property(jwt, (j) => {
      let exact: Record<string, unknown> | undefined;
      try {
        exact = decodeJwtPayload(j);
      } catch {
        exact = undefined;
      }
      assert.deepEqual(jwtPayload(j), exact);
    }),
    { numRuns: 1000 },
  );
});

/** Colons outside strings, counted character by character (the check parsePlainJson replaces). */
function colonsByScan(text: string): number {
  let colons = 0;
  for (let i = 0, inString = false; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ':') colons++;
  }
  return colons;
}

test('parsePlainJson: a value exactly when the text has no repeated key (checked against a scan)', () => {
  const key = fc.constantFrom('a', 'b', 'a:b', '"', '\\', 'x\\"y', ':');
  const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), tie('obj')),
    obj: fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }),
  })).node;
  /** JSON text of the tree, where `obj` entries become members (repeats kept, as text allows). */
  const render = (v: unknown): string => {
    if (Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string')) {
      return `{${(v as [string, unknown][]).map(([k, x]) => `${JSON.stringify(k)} : ${render(x)}`).join(',')}}`;
    }
    if (Array.isArray(v)) return `[${v.map(render).join(',')}]`;
    return JSON.stringify(v);
  };
  let repeated = 0;
  fc.assert(
    fc.property(tree, (t) => {
      const text = render(t);
      const parsed = JSON.parse(text) as unknown;
      const keys = (function count(v: unknown): number {
        if (v === null || typeof v !== 'object') return 0;
        const children = Array.isArray(v) ? v : Object.values(v);
        return (Array.isArray(v) ? 0 : children.length) + children.reduce((n: number, c) => n + count(c), 0);
      })(parsed);
      const plain = keys === colonsByScan(text);
      if (!plain) repeated++;
      assert.equal(parsePlainJson(text) !== undefined, plain, text);
    }),
    { numRuns: 1500 },
  );
  assert.ok(repeated > 20, `only ${repeated} generated texts repeated a key`);
});
