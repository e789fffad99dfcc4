import type { DedupeStore, PubSub } from '@wirecall/server';
import { Redis } from 'ioredis';
import { describe, expectTypeOf, it } from 'vitest';
import { type RedisDedupeStore, type RedisPubSub, redisDedupe, redisPubSub } from '../src/index.js';

describe('@wirecall/redis types', () => {
  it('builds the server options from a URL or a client', () => {
    expectTypeOf(redisPubSub({ url: 'redis://127.0.0.1:6379' })).toEqualTypeOf<RedisPubSub>();
    expectTypeOf(redisPubSub({ client: new Redis({ lazyConnect: true }) })).toMatchTypeOf<PubSub>();
    expectTypeOf(redisPubSub('redis://127.0.0.1:6379')).toMatchTypeOf<PubSub>();
    expectTypeOf(redisDedupe({ url: 'redis://127.0.0.1:6379' })).toEqualTypeOf<RedisDedupeStore>();
    expectTypeOf(
      redisDedupe({ client: new Redis({ lazyConnect: true }) }),
    ).toMatchTypeOf<DedupeStore>();
  });

  it('needs exactly one of url and client', () => {
    // @ts-expect-error: neither
    redisPubSub({ maxLen: 10 });
    // @ts-expect-error: both
    redisDedupe({ url: 'redis://127.0.0.1:6379', client: new Redis({ lazyConnect: true }) });
  });

  it('picks ephemeral topics with a boolean or a function of the topic', () => {
    expectTypeOf(redisPubSub)
      .parameter(0)
      .exclude<string>()
      .toHaveProperty('ephemeral')
      .toEqualTypeOf<boolean | ((topic: string) => boolean) | undefined>();
  });
});
