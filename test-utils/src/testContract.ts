import { defineContract, mutation, query, subscription } from '@wirecall/core';
import { z } from 'zod';

/** The contract most integration tests share. */
export const testContract = defineContract({
  greet: query({ input: z.object({ name: z.string() }), output: z.string() }),
  echo: query({
    input: z.object({ n: z.number(), s: z.string() }),
    output: z.object({ n: z.number(), s: z.string() }),
  }),
  ping: query({ output: z.literal('pong') }),
  slow: query({ input: z.object({ ms: z.number() }), output: z.number() }),
  fail: query({
    input: z.object({
      how: z.enum(['crash', 'declared', 'undeclared', 'bad-data', 'unauthorized']),
    }),
  }),
  chat: {
    send: mutation({
      input: z.object({ room: z.string(), text: z.string().min(1).max(2000) }),
      output: z.object({ id: z.string() }),
      errors: { ROOM_CLOSED: z.object({ room: z.string() }) },
    }),
    messages: subscription({
      input: z.object({ room: z.string() }),
      event: z.object({ id: z.string(), text: z.string() }),
    }),
  },
  ticks: subscription({
    input: z.object({ count: z.number().int(), intervalMs: z.number().default(0) }),
    event: z.number(),
  }),
  forever: subscription({ event: z.number() }),
});
