import { defineContract, mutation, presence, query, subscription } from '@wirecall/core';
import { z } from 'zod';

/** What the instances of the scale-out tests serve: a topic feed and a counted mutation. */
export const clusterContract = defineContract({
  /** The name of the instance answering. */
  whoami: query({ output: z.string() }),
  feed: {
    /** A topic's events, resumable: the handler is one `yield*` over the server's pub/sub. */
    events: subscription({
      input: z.object({ topic: z.string() }),
      event: z.object({ n: z.number(), sentAt: z.number().optional() }),
    }),
    publish: mutation({
      input: z.object({ topic: z.string(), n: z.number() }),
      output: z.object({ id: z.string() }),
    }),
  },
  /** Who is in a room, across instances (the presence tests). */
  room: presence({ input: z.object({ room: z.string() }), state: z.object({ n: z.number() }) }),
  orders: {
    /** Counts its runs in Redis (shared by all instances), then works for `workMs`. */
    place: mutation({
      input: z.object({ orderId: z.string(), workMs: z.number().int().min(0) }),
      output: z.object({ orderId: z.string(), placedBy: z.string(), runs: z.number() }),
    }),
  },
});
