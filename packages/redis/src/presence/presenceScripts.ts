import { luaScript } from '../connection/luaScript.js';

/**
 * The presence scripts. A room is three keys: a hash of entries (key → JSON of member and
 * state), a hash of who holds each entry (key → instance id) and a change counter; every change
 * is published on the room's channel as `[seq, key, value or false]` in the same script, so the
 * order watchers see is the order of the store. An instance is alive while its heartbeat key is.
 */

/** KEYS: entries, holders, seq, heartbeat. ARGV: key, value, maxEntries, channel, holder, ttlMs, roomTtlMs. */
export const setScript = luaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return -1
end
redis.call('SET', KEYS[4], '1', 'PX', ARGV[6])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[5])
local seq = redis.call('INCR', KEYS[3])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[7]) end
redis.call('PUBLISH', ARGV[4], cjson.encode({seq, ARGV[1], ARGV[2]}))
return seq
`);

/** KEYS: entries, holders, seq. ARGV: key, holder, channel. Removes only an entry `holder` still holds. */
export const removeScript = luaScript(`
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
local seq = redis.call('INCR', KEYS[3])
redis.call('PUBLISH', ARGV[3], cjson.encode({seq, ARGV[1], false}))
return seq
`);

/**
 * KEYS: entries, holders, seq. ARGV: heartbeat key prefix, channel. Drops (and announces) the
 * entries of instances whose heartbeat lapsed, then returns `[seq, key, value, key, value, …]`.
 */
export const snapshotScript = luaScript(`
local holders = redis.call('HGETALL', KEYS[2])
local alive = {}
for i = 1, #holders, 2 do
  local holder = holders[i + 1]
  if alive[holder] == nil then alive[holder] = redis.call('EXISTS', ARGV[1] .. holder) == 1 end
  if not alive[holder] then
    redis.call('HDEL', KEYS[1], holders[i])
    redis.call('HDEL', KEYS[2], holders[i])
    local seq = redis.call('INCR', KEYS[3])
    redis.call('PUBLISH', ARGV[2], cjson.encode({seq, holders[i], false}))
  end
end
local result = { tonumber(redis.call('GET', KEYS[3]) or '0') }
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries do result[i + 1] = entries[i] end
return result
`);
