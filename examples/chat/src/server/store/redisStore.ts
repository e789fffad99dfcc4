import { Redis } from 'ioredis';
import { message as messageSchema } from '../../contract.js';
import { HISTORY_SIZE, type MessageStore, type StoredMessage } from './MessageStore.js';

/** How long a message id is remembered for idempotent sends, in seconds (a day). */
const ID_TTL_SECONDS = 86_400;

/**
 * Stores a message once, atomically: returns `{0, entry}` with the entry already stored under
 * the message's id, or numbers the message in its room, stores it under its id and in the room's
 * sorted set (trimmed to the history size), and returns `{1, entry}`.
 * KEYS: id key, room's sorted set, room's counter. ARGV: message JSON, history size, id TTL.
 */
const APPEND = `
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
local seq = redis.call('INCR', KEYS[3])
local entry = '{"seq":' .. seq .. ',"message":' .. ARGV[1] .. '}'
redis.call('SET', KEYS[1], entry, 'EX', ARGV[3])
redis.call('ZADD', KEYS[2], seq, entry)
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[2]) - 1)
return {1, entry}
`;

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** Prefix of every key. @default 'wirecall-chat:' */
  prefix?: string;
}

/** Messages in Redis, when `REDIS_URL` is set: shared by every chat server on that Redis. */
export function redisStore(url: string, options: RedisStoreOptions = {}): MessageStore {
  const prefix = options.prefix ?? 'wirecall-chat:';
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  // Without a listener, a Redis that goes away would crash the process with an 'error' event.
  redis.on('error', (error) => console.error('redis:', error.message));
  const parse = (entry: string): StoredMessage => {
    const { seq, message } = JSON.parse(entry) as { seq: number; message: unknown };
    return { seq, message: messageSchema.parse(message) };
  };
  return {
    async append(message) {
      const [created, entry] = (await redis.eval(
        APPEND,
        3,
        `${prefix}id:${message.id}`,
        `${prefix}room:${message.room}`,
        `${prefix}seq:${message.room}`,
        JSON.stringify(message),
        HISTORY_SIZE,
        ID_TTL_SECONDS,
      )) as [number, string];
      return { ...parse(entry), created: created === 1 };
    },
    async history(room, limit = HISTORY_SIZE) {
      return (await redis.zrange(`${prefix}room:${room}`, -limit, -1)).map(parse);
    },
    async after(room, seq, limit = HISTORY_SIZE) {
      const key = `${prefix}room:${room}`;
      return (await redis.zrangebyscore(key, `(${seq}`, '+inf', 'LIMIT', 0, limit)).map(parse);
    },
    async close() {
      await redis.quit();
    },
  };
}
