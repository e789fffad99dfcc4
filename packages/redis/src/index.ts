export type { RedisCommonOptions, RedisSource } from './connection/redisConnections.js';
export type {
  RedisPresenceOptions,
  RedisPresenceSettings,
  RedisPresenceStore,
} from './presence/redisPresence.js';
export { redisPresence } from './presence/redisPresence.js';
export type {
  RedisDedupeOptions,
  RedisDedupeSettings,
  RedisDedupeStore,
} from './redisDedupe.js';
export { redisDedupe } from './redisDedupe.js';
export type { RedisPubSub, RedisPubSubOptions, RedisPubSubSettings } from './redisPubSub.js';
export { redisPubSub } from './redisPubSub.js';
export type { RedisRateLimitOptions, RedisRateLimitStore } from './redisRateLimit.js';
export { redisRateLimit } from './redisRateLimit.js';
