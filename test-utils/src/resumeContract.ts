import { defineContract, mutation, query, subscription } from '@wirecall/core';
import { z } from 'zod';

/** The contract of the resume, dedupe and chaos tests. */
export const resumeContract = defineContract({
  /** Publishes `{ n }` to a topic of the server's pub/sub; returns the event id. */
  publish: mutation({ input: z.object({ topic: z.string(), n: z.number() }), output: z.string() }),
  /** A topic of the server's pub/sub, resumable. */
  feed: subscription({
    input: z.object({ topic: z.string() }),
    event: z.object({ n: z.number() }),
  }),
  /** Adds to a counter after `ms`; the handler counts its executions. Returns the new total. */
  add: mutation({ input: z.object({ by: z.number(), ms: z.number() }), output: z.number() }),
  /** Echoes after `ms`. */
  echo: query({ input: z.object({ n: z.number(), ms: z.number() }), output: z.number() }),
  /**
   * Deterministic tracked stream: event `n` has id `n` and data `n * 2`, from 0 to `count - 1`,
   * one every `intervalMs`; resumes after `ctx.lastEventId`.
   */
  numbers: subscription({
    input: z.object({ count: z.number().int(), intervalMs: z.number() }),
    event: z.number(),
  }),
  /** Yields one tracked event, then refuses to resume with UNAUTHORIZED. */
  once: subscription({ event: z.number() }),
});
