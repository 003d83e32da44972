import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envValue } from '../../src/env.js';

test('envValue treats an empty variable as unset and keeps whitespace', () => {
  assert.equal(envValue({ A: '' }, 'A'), undefined);
  assert.equal(envValue({}, 'A'), undefined);
  assert.equal(envValue({ A: '  ' }, 'A'), '  ');
});
