import { defineContract, mutation, subscription } from '@wirecall/core';
import { z } from 'zod';

const input = z.object({ count: z.number().int().positive() });
const event = z.object({ n: z.number(), pad: z.string() });

/** The backpressure benchmark's contract: a pull source and a push source of numbered events. */
export const backpressureContract = defineContract({
  /** A generator that can yield `count` events as fast as it is asked. */
  flood: subscription({ input, event }),
  /** A push source that emits `count` events whether anyone reads them or not. */
  firehose: subscription({ input, event, flow: { overflow: 'drop-oldest', bufferSize: 1_000 } }),
  /** Records that call `n` ran: the burst scenario checks the server ran exactly the resolved calls. */
  record: mutation({
    input: z.object({ n: z.number().int(), pad: z.string() }),
    output: z.number(),
  }),
});

/** 100 bytes of padding per event, so a million of them would be ~120 MB on the wire. */
export const PAD = 'x'.repeat(100);
