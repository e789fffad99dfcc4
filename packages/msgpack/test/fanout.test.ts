import { createClient, type WebSocketConstructor } from '@wirecall/client';
import { defineContract, subscription } from '@wirecall/core';
import { msgpackCodec } from '@wirecall/msgpack';
import { startServer, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';

const api = defineContract({
  feed: subscription({ event: z.object({ n: z.number(), bytes: z.instanceof(Uint8Array) }) }),
});

describe('a topic delivered straight to msgpack subscribers', () => {
  it('gives every subscriber the same events, bytes included', async () => {
    await using t = await startServer(api, {
      codec: msgpackCodec,
      handlers: { feed: (_input, ctx) => ctx.pubsub.subscribe('room') },
    });
    const clients = Array.from({ length: 3 }, () =>
      createClient(api, {
        url: t.url,
        codec: msgpackCodec,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
      }),
    );
    const received = clients.map(() => [] as Array<{ n: number; bytes: Uint8Array }>);
    const subscriptions = clients.map((client, i) =>
      client.feed.subscribe(undefined, { onData: (event) => received[i]?.push(event) }),
    );
    await waitFor(() => t.server.stats().subscriptions === 3);
    for (let n = 0; n < 300; n++) {
      await t.server.pubsub.publish('room', { n, bytes: Uint8Array.of(n & 0xff, 1) });
    }
    await waitFor(() => received.every((events) => events.length === 300));
    const expected = Array.from({ length: 300 }, (_, n) => ({
      n,
      bytes: Uint8Array.of(n & 0xff, 1),
    }));
    for (const events of received) expect(events).toEqual(expected);
    for (const subscription of subscriptions) subscription.unsubscribe();
    for (const client of clients) client.close();
  });
});
