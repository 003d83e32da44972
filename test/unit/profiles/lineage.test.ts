// Lineage matching (src/profiles/lineage.ts): which profile the current login belongs to, and
// whether it is a newer generation than the profile's copy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareGenerations, owningProfile, sameLineage } from '../../../src/profiles/lineage.js';
import type { LoginSummary } from '../../../src/profiles/summary.js';

function s(over: Partial<LoginSummary>): LoginSummary {
  return {
    mode: 'chatgpt',
    account_id: 'ws-a',
    user_id: 'user-a',
    email: 'a@example.com',
    plan_type: 'plus',
    workspace: 'ws-a',
    expires_at: null,
    issued_at: null,
    last_refresh: '2026-12-01T10:00:00.000000000Z',
    login_owner_id: 'owner-1',
    generation: 'g1',
    ...over,
  };
}

test('same lineage: account, user and login_owner_id (when both carry one)', () => {
  assert.equal(sameLineage(s({}), s({ generation: 'g2' })), true);
  assert.equal(sameLineage(s({}), s({ login_owner_id: 'owner-2' })), false, 'a new sign-in of the same account');
  assert.equal(sameLineage(s({}), s({ login_owner_id: null })), true, 'a file without login_owner_id');
  assert.equal(sameLineage(s({}), s({ account_id: 'ws-b' })), false);
  assert.equal(sameLineage(s({}), s({ user_id: 'user-b' })), false, 'another user in the same workspace');
  assert.equal(sameLineage(s({ account_id: null }), s({ account_id: null })), false, 'no account: never matched');
  assert.equal(sameLineage(s({ mode: 'apikey', generation: 'k' }), s({ mode: 'apikey', generation: 'k' })), true);
  assert.equal(sameLineage(s({ mode: 'apikey', generation: 'k' }), s({ mode: 'apikey', generation: 'j' })), false);
});

test('generations: the later last_refresh (else iat) is newer; the same digest is the same', () => {
  const old = s({ generation: 'g1', last_refresh: '2026-12-01T10:00:00.000000000Z' });
  const later = s({ generation: 'g2', last_refresh: '2026-12-01T11:00:00.123456789Z' });
  assert.equal(compareGenerations(later, old), 'newer');
  assert.equal(compareGenerations(old, later), 'older');
  assert.equal(compareGenerations(old, s({ generation: 'g1', last_refresh: null })), 'same');
  const byIat = (iat: string, g: string) => s({ generation: g, last_refresh: null, issued_at: iat });
  assert.equal(compareGenerations(byIat('2026-12-01T12:00:00Z', 'x'), byIat('2026-12-01T11:00:00Z', 'y')), 'newer');
  assert.equal(compareGenerations(byIat('2026-12-01T10:00:00Z', 'x'), byIat('2026-12-01T11:00:00Z', 'y')), 'older');
});

test('owning profile: the lineage first, else the one profile holding the account', () => {
  const work = { name: 'work', summary: s({}) };
  const personal = { name: 'personal', summary: s({ account_id: 'ws-b', user_id: 'user-b', login_owner_id: 'owner-b', email: 'b@example.com' }) };
  assert.equal(owningProfile(s({ generation: 'g9' }), [personal, work])?.name, 'work');
  assert.equal(owningProfile(s({ login_owner_id: 'owner-new' }), [personal, work])?.name, 'work', 'a new sign-in of work’s account');
  const work2 = { name: 'work2', summary: s({ login_owner_id: 'owner-3' }) };
  assert.equal(owningProfile(s({ login_owner_id: 'owner-new' }), [work, work2]), undefined, 'two profiles hold the account: none is guessed');
  assert.equal(owningProfile(s({ account_id: 'ws-c', user_id: 'user-c' }), [personal, work]), undefined);
});
