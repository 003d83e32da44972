/**
 * The fleet's atomic steps, as Lua scripts run by Redis (one primary: each script runs alone).
 * Layout: records.ts. Why these steps make one refresh per generation: docs/fleet.md.
 *
 * - MARK    (lease holder) checks the lease is its own, the generation is still `gen` and nobody
 *           is spending it, then marks it as being spent and hands back the sealed refresh token.
 * - COMMIT  (the marker) stores generation gen+1 — only over its own mark on `gen` — clears the
 *           mark, frees the lease, publishes gen+1.
 * - RELEASE (the marker) gives the generation back unspent (the issuer answered an error).
 * - BREAK   says the fleet needs a new push (the generation may be spent and its successor lost);
 *           the mark stays, so nobody presents that token again.
 * - PUSH    replaces the login with a new one at generation prev+1 (compare-and-swap on prev).
 * - LOGOUT  deletes the login, keeping the generation counter (members see a change).
 */

/** KEYS: secret, lease. ARGV: gen, owner. → {'ok', sealed, kid} | {'lease'} | {'gen', current} | {'spending', mark} */
export const MARK = `
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return {'lease'} end
local g = redis.call('HGET', KEYS[1], 'gen')
if g ~= ARGV[1] then return {'gen', tostring(g)} end
local s = redis.call('HGET', KEYS[1], 'spending')
if s then return {'spending', s} end
redis.call('HSET', KEYS[1], 'spending', ARGV[1] .. ':' .. ARGV[2])
return {'ok', redis.call('HGET', KEYS[1], 'rt'), redis.call('HGET', KEYS[1], 'kid')}
`;

/**
 * KEYS: secret, access, lease, events, members. ARGV: gen, owner, sealed(gen+1), now, member,
 * then access field/value pairs. → 'ok' | 'mark' | 'gen'
 */
export const COMMIT = `
if redis.call('HGET', KEYS[1], 'spending') ~= ARGV[1] .. ':' .. ARGV[2] then return 'mark' end
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then return 'gen' end
local nextGen = tostring(tonumber(ARGV[1]) + 1)
redis.call('HSET', KEYS[1], 'gen', nextGen, 'rt', ARGV[3])
redis.call('HDEL', KEYS[1], 'spending')
local f = {}
for i = 6, #ARGV do f[#f + 1] = ARGV[i] end
redis.call('HSET', KEYS[2], 'gen', nextGen, 'state', 'ok', unpack(f))
redis.call('HDEL', KEYS[2], 'reason')
if redis.call('GET', KEYS[3]) == ARGV[2] then redis.call('DEL', KEYS[3]) end
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', tostring(tonumber(ARGV[4]) - 86400000))
redis.call('PUBLISH', KEYS[4], nextGen)
return 'ok'
`;

/** KEYS: secret, lease. ARGV: gen, owner. → 'ok' */
export const RELEASE = `
if redis.call('HGET', KEYS[1], 'spending') == ARGV[1] .. ':' .. ARGV[2] then redis.call('HDEL', KEYS[1], 'spending') end
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return 'ok'
`;

/** KEYS: access, lease, events. ARGV: gen, owner, reason. → 'ok' | 'gen' */
export const BREAK = `
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then return 'gen' end
redis.call('HSET', KEYS[1], 'state', 'needs_push', 'reason', ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
redis.call('PUBLISH', KEYS[3], ARGV[1])
return 'ok'
`;

/**
 * KEYS: secret, access, lease, events, members. ARGV: prev gen, sealed(prev+1), kid, now, member,
 * then access field/value pairs. → {'ok', gen} | {'gen', current}
 */
export const PUSH = `
local a = tonumber(redis.call('HGET', KEYS[2], 'gen') or '0') or 0
local s = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0') or 0
local prev = math.max(a, s)
if tostring(prev) ~= ARGV[1] then return {'gen', tostring(prev)} end
local nextGen = tostring(prev + 1)
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'gen', nextGen, 'rt', ARGV[2], 'kid', ARGV[3])
local f = {}
for i = 6, #ARGV do f[#f + 1] = ARGV[i] end
redis.call('HSET', KEYS[2], 'gen', nextGen, 'state', 'ok', unpack(f))
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[5])
redis.call('PUBLISH', KEYS[4], nextGen)
return {'ok', nextGen}
`;

/** KEYS: secret, access, lease, events. ARGV: gen seen (the sealed token the caller revoked). → 'ok' | 'gen' */
export const LOGOUT = `
local a = tonumber(redis.call('HGET', KEYS[2], 'gen') or '0') or 0
local s = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0') or 0
if ARGV[1] ~= '' and tostring(math.max(a, s)) ~= ARGV[1] then return 'gen' end
local nextGen = tostring(math.max(a, s) + 1)
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[2], 'gen', nextGen, 'state', 'logged_out')
redis.call('PUBLISH', KEYS[4], nextGen)
return 'ok'
`;
