import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBase64, decodeBase64Exact, derItemLength, PemError, readPemSections } from '../../../src/net/pem.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

test('base64 decoding agrees with Node for any bytes, with whitespace anywhere', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
      let text = Buffer.from(bytes).toString('base64');
      for (const c of cuts) {
        const at = c % (text.length + 1);
        text = `${text.slice(0, at)} \t${text.slice(at)}`;
      }
      assert.deepEqual(decodeBase64(b(text)), Buffer.from(bytes));
    }),
  );
});

test('the fast path and the exact decoder agree on any input (bytes or the same error)', () => {
  const outcome = (f: (b: Buffer) => Buffer, s: string): string => {
    try {
      return f(b(s)).toString('hex');
    } catch (e) {
      return (e as Error).message;
    }
  };
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...'AQgw+/9z= \t\x0b!-'.split('')), { maxLength: 40 }), (chars) => {
      const s = chars.join('');
      assert.equal(outcome(decodeBase64, s), outcome(decodeBase64Exact, s), JSON.stringify(s));
    }),
    { numRuns: 2000 },
  );
});

test('base64 errors name what the reference names, first error wins', () => {
  const err = (s: string): string => {
    try {
      decodeBase64(b(s));
    } catch (e) {
      assert.ok(e instanceof PemError);
      return e.message;
    }
    return 'ok';
  };
  assert.equal(err('MIIB!AAA'), 'base64 decode error: InvalidCharacter(33)');
  assert.equal(err('MIIB#AAA'), 'base64 decode error: InvalidCharacter(35)');
  assert.equal(err('MI\xc3\xa9IB'), 'base64 decode error: InvalidCharacter(195)');
  assert.equal(err('MI=IBAAA'), 'base64 decode error: PrematurePadding');
  assert.equal(err('MII=BAAA'), 'base64 decode error: PrematurePadding');
  assert.equal(err('MIIBA'), 'base64 decode error: InvalidTrailingPadding');
  assert.equal(err('MIIBAAA'), 'ok');
  assert.equal(err('MIIBAA=='), 'ok');
});

test('sections: labels, unknown blocks skipped undecoded, CR/LF/CRLF, last line without newline', () => {
  const text = 'junk\r\n-----BEGIN FOO-----\r\n!!!\r\n-----END FOO-----\r\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\r-----BEGIN X509 CRL-----\nAw==\n-----END X509 CRL-----';
  assert.deepEqual(readPemSections(b(text)), [
    { label: 'CERTIFICATE', der: Buffer.from([0, 1, 2]) },
    { label: 'X509 CRL', der: Buffer.from([3]) },
  ]);
});

test('section syntax errors carry the bytes the reference prints', () => {
  assert.throws(() => readPemSections(b('-----BEGIN CERTIFICATE----\nAA==\n')), {
    message: 'illegal section start: [45, 45, 45, 45, 45, 66, 69, 71, 73, 78, 32, 67, 69, 82, 84, 73, 70, 73, 67, 65, 84, 69, 45, 45, 45, 45]',
  });
  assert.throws(() => readPemSections(b('-----BEGIN FOO BAR-----\nAA==\n')), { message: 'missing section end marker: [70, 79, 79, 32, 66, 65, 82]' });
  // A label with a trailing space needs the same END line, so the block never closes.
  assert.throws(() => readPemSections(b('-----BEGIN CERTIFICATE -----\nAA==\n-----END CERTIFICATE-----\n')), {
    message: 'missing section end marker: [67, 69, 82, 84, 73, 70, 73, 67, 65, 84, 69, 32]',
  });
  // Trailing spaces after the dashes and a space between them are tolerated, like the reference.
  assert.equal(readPemSections(b('-----BEGIN CERTIFICATE-----   \nAA==\n-----END CERTIFICATE-----\n')).length, 1);
  assert.equal(readPemSections(b('-----BEGIN CERTIFICATE- ----\nAA==\n-----END CERTIFICATE-----\n')).length, 1);
  // `-----BEGIN-----` is not a section start at all.
  assert.deepEqual(readPemSections(b('-----BEGIN-----\n')), []);
});

test('a BEGIN inside an open section keeps the base64 collected so far (reference quirk)', () => {
  const [s] = readPemSections(b('-----BEGIN CERTIFICATE-----\nAAEC\n-----BEGIN CERTIFICATE-----\nAwQF\n-----END CERTIFICATE-----\n'));
  assert.deepEqual(s?.der, Buffer.from([0, 1, 2, 3, 4, 5]));
});

test('DER length of the first object: short and long forms, truncation and indefinite rejected', () => {
  assert.equal(derItemLength(Uint8Array.from([0x30, 0x02, 1, 2, 9, 9])), 4);
  assert.equal(derItemLength(Uint8Array.from([0x30, 0x81, 0x01, 7, 9])), 4);
  assert.equal(derItemLength(Uint8Array.from([0x30, 0x82, 0x01, 0x00, ...new Array(256).fill(0), 1, 2])), 260);
  assert.equal(derItemLength(Uint8Array.from([0x30, 0x05, 1])), undefined);
  assert.equal(derItemLength(Uint8Array.from([0x30, 0x80, 1])), undefined);
  assert.equal(derItemLength(Uint8Array.from([0x30])), undefined);
});
