import { type ClientStats, createClient } from '@wirecall/client';
import { defineContract, subscription } from '@wirecall/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  prices: subscription({ event: z.object({ price: z.number() }) }),
});
const client = createClient(api, { url: 'ws://localhost:1', lazy: true });

describe('flow options on subscribe', () => {
  it('take a window and an overflow policy, and report drops', () => {
    const sub = client.prices.subscribe(undefined, {
      window: 10,
      overflow: 'latest',
      bufferSize: 1,
    });
    expectTypeOf(sub.dropped).toEqualTypeOf<number>();
    // @ts-expect-error not an overflow policy
    client.prices.subscribe(undefined, { overflow: 'grow' });
    // @ts-expect-error windows are numbers
    client.prices.subscribe(undefined, { window: 'big' });
  });

  it('let onData return a promise to pace the stream', () => {
    client.prices.subscribe(undefined, {
      onData: async (event) => {
        expectTypeOf(event).toEqualTypeOf<{ price: number }>();
      },
    });
  });
});

describe('client backpressure options', () => {
  it('are typed', () => {
    createClient(api, { url: 'ws://localhost:1', whenQueueFull: 'fail', highWaterMark: 65_536 });
    // @ts-expect-error only wait or fail
    createClient(api, { url: 'ws://localhost:1', whenQueueFull: 'drop' });
    expectTypeOf(client.stats()).toEqualTypeOf<ClientStats>();
    expectTypeOf(client.stats().queued).toEqualTypeOf<number>();
  });
});
