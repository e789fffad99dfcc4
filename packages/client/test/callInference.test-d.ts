import { createClient } from '@wirecall/client';
import { defineContract, mutation, query, subscription } from '@wirecall/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  find: query({
    input: z.object({ id: z.string(), limit: z.number().default(10) }),
    output: z.object({ id: z.string(), at: z.string().transform((s) => new Date(s)) }),
  }),
  ping: mutation({}),
  chat: { feed: subscription({ input: z.object({ room: z.string() }), event: z.number() }) },
});

const client = createClient(api, { url: 'ws://127.0.0.1:1', lazy: true });

describe('client call inference', () => {
  it('types each call’s input and result from the contract, never any', async () => {
    expectTypeOf(client.find).parameter(0).not.toBeAny();
    expectTypeOf(client.find)
      .parameter(0)
      .toEqualTypeOf<{ id: string; limit?: number | undefined }>();
    const found = await client.find({ id: 'a' });
    expectTypeOf(found).not.toBeAny();
    expectTypeOf(found).toEqualTypeOf<{ id: string; at: Date }>();
    expectTypeOf(await client.ping()).toEqualTypeOf<void>();
    // @ts-expect-error `id` is required
    void client.find({});
    // @ts-expect-error `limit` is a number
    void client.find({ id: 'a', limit: '10' });
  });

  it('types subscription events', () => {
    client.chat.feed.subscribe(
      { room: 'a' },
      {
        onData: (event) => {
          expectTypeOf(event).not.toBeAny();
          expectTypeOf(event).toEqualTypeOf<number>();
        },
      },
    );
    // @ts-expect-error the room is required
    client.chat.feed.subscribe({});
  });
});
