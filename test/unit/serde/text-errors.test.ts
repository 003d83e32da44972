import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serdeSyntaxError, serdeMissingField, serdeInvalidType } from '../../../src/serde/text-errors.js';

// Every expectation below was checked against the 0.169.0 binary (auth.json parse errors of `login status`).
test('serde_json syntax error texts and positions', () => {
  const cases: Array<[string, string]> = [
    ['hello', 'expected value at line 1 column 1'],
    ['', 'EOF while parsing a value at line 1 column 0'],
    [' ', 'EOF while parsing a value at line 1 column 1'],
    ['{not json', 'key must be a string at line 1 column 2'],
    ['{"a":1', 'EOF while parsing an object at line 1 column 6'],
    ['{"a" 1}', 'expected `:` at line 1 column 6'],
    ['{"a":1 "b":2}', 'expected `,` or `}` at line 1 column 8'],
    ['{"a":[1,2}', 'expected `,` or `]` at line 1 column 10'],
    ['{"a":"\u0001"}', 'control character (\\u0000-\\u001F) found while parsing a string at line 1 column 6'],
    ['{"a":1.}', 'invalid number at line 1 column 8'],
    ['{"a":1e}', 'invalid number at line 1 column 8'],
    ['{"a":1}x', 'trailing characters at line 1 column 8'],
    ['{"a":tru}', 'expected ident at line 1 column 9'],
    ['{"a":-}', 'invalid number at line 1 column 7'],
    ['"abc', 'EOF while parsing a string at line 1 column 4'],
    ['"a\\qb"', 'invalid escape at line 1 column 4'],
    ['{\n  "a": 1,\n  x\n}', 'key must be a string at line 3 column 3'],
  ];
  for (const [text, message] of cases) assert.equal(serdeSyntaxError(text), message, JSON.stringify(text));
});

test('serde missing field / invalid type positions (end of the value)', () => {
  assert.equal(serdeMissingField('{"user_code":"x"}', 'device_auth_id'), 'missing field `device_auth_id` at line 1 column 17');
  assert.equal(serdeMissingField('{\n  "a": 1\n}\n', 'b'), 'missing field `b` at line 3 column 1');
  assert.equal(serdeInvalidType('2', 2, 'a string'), 'invalid type: integer `2`, expected a string at line 1 column 1');
});

// Response bodies the 0.169.0 binary decodes into a struct (device-code usercode response, probed
// through `codex login --device-auth` against a faulty issuer): the top-level object is read with
// serde's MapAccess, unknown members' values with `ignore_value`.
test('serde struct reading of an object body: texts of the official binary', () => {
  const official: Record<string, string> = {
    '{"user_code":"x",': 'EOF while parsing a value at line 1 column 17',
    '{"a":[1,]}': 'expected value at line 1 column 9',
    '{"a":[1,': 'EOF while parsing a value at line 1 column 8',
    '{"a":{"b":1,}}': 'key must be a string at line 1 column 13',
    '{"a":1,}': 'trailing comma at line 1 column 8',
    '{"a":"\\u12x4"}': 'invalid escape at line 1 column 12',
    '{"a":01}': 'invalid number at line 1 column 7',
    '{"zz":"\\ud800"  x': 'expected `,` or `}` at line 1 column 17',
  };
  for (const text of Object.keys(official)) assert.equal(serdeSyntaxError(text), official[text], JSON.stringify(text));
});
