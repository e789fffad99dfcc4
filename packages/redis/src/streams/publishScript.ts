import { luaScript } from '../connection/luaScript.js';

/**
 * Appends an event to a topic's stream and keeps the stream bounded, atomically.
 * KEYS: the stream. ARGV: event field, payload, max length, slack, ttl in ms (0: none).
 *
 * The bound is approximate, like `XADD … MAXLEN ~`: once the stream holds `slack` entries more
 * than `maxLen`, the oldest are trimmed in one go (`XTRIM MINID`). Unlike `MAXLEN ~`, the script
 * records the newest trimmed id as the stream's max-deleted-entry-id (`XSETID … MAXDELETEDID`),
 * so a subscriber resuming from before it is told `RESUME_GAP` instead of silently skipping
 * (Redis 7 only records ids removed by `XDEL` there, not by trimming).
 */
export const publishScript = luaScript(`
local id = redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[2])
local maxLen = tonumber(ARGV[3])
local length = redis.call('XLEN', KEYS[1])
if length > maxLen + tonumber(ARGV[4]) then
  local head = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', length - maxLen + 1)
  redis.call('XTRIM', KEYS[1], 'MINID', head[#head][1])
  redis.call('XSETID', KEYS[1], id, 'MAXDELETEDID', head[#head - 1][1])
end
if tonumber(ARGV[5]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return id
`);
