import { defineContract, query, subscription } from '@wirecall/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

describe('defineContract and the client’s own names', () => {
  it('refuses a top-level procedure named like a client member', () => {
    defineContract({
      // @ts-expect-error `close` is the client's own: the handle could never be reached.
      close: query({ output: z.string() }),
    });
    defineContract({
      // @ts-expect-error `on` is the client's own.
      on: subscription({ event: z.number() }),
    });
    defineContract({
      // @ts-expect-error every object has a `toString`.
      toString: query({}),
    });
  });

  it('refuses a namespace member named like what every object has, but not like a client member', () => {
    // @ts-expect-error `constructor` in a namespace collides with the namespace object's own.
    defineContract({
      chat: { constructor: query({}) },
    });
    // @ts-expect-error `toString` in a namespace collides with the namespace object's own.
    defineContract({ chat: { rooms: { toString: query({}) } } });
    // `close` inside a namespace is free: only the top level holds the client's members.
    const api = defineContract({ room: { close: query({ output: z.string() }) } });
    expectTypeOf(api.room.close).not.toBeNever();
  });

  it('keeps the inferred type of a contract without collisions', () => {
    const api = defineContract({
      send: query({ input: z.object({ text: z.string() }), output: z.number() }),
      chat: { messages: subscription({ event: z.string() }) },
    });
    expectTypeOf(api.send).toHaveProperty('kind').toEqualTypeOf<'query'>();
    expectTypeOf(api.chat.messages).toHaveProperty('kind').toEqualTypeOf<'subscription'>();
  });
});
