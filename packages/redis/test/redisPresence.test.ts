import { presenceStoreSuite } from '@wirecall/test-utils';
import { afterAll } from 'vitest';
import { redisPresence } from '../src/index.js';
import { REDIS_URL, redisScope } from './redisFixture.js';

const scope = redisScope('presence-store');
afterAll(async () => {
  await scope.redis.ping();
  await scope[Symbol.asyncDispose]();
});

let run = 0;
presenceStoreSuite('redis', async () => {
  // A prefix per test: each starts with empty rooms.
  const keyPrefix = `${scope.prefix}${run++}:`;
  return {
    a: redisPresence({ url: REDIS_URL, keyPrefix }),
    b: redisPresence({ url: REDIS_URL, keyPrefix }),
  };
});
