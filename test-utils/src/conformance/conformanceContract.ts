import { defineContract, mutation, query, subscription } from '@wirecall/core';
import { z } from 'zod';

/**
 * The contract every server adapter serves for the conformance suite, in any runtime. Everything a
 * case checks on the server side is observable through the contract itself (`effects`), so the same
 * cases run against a server in this process, in a child process or inside workerd.
 */
export const conformanceContract = defineContract({
  /** Answers `Hello, <name>!`; an empty name is bad input. */
  greet: query({ input: z.object({ name: z.string().min(1) }), output: z.string() }),
  /** Resolves with `ms` after `ms` milliseconds. */
  slow: query({ input: z.object({ ms: z.number().int().min(0) }), output: z.number() }),
  /** Fails: with a declared, typed error, or with a crash the client must see as `INTERNAL`. */
  fail: query({
    input: z.object({ how: z.enum(['declared', 'crash']) }),
    errors: { OUT_OF_STOCK: z.object({ sku: z.string(), left: z.number() }) },
  }),
  /** Adds `by` to the counter after `ms`; each execution is counted. Returns the new total. */
  add: mutation({
    input: z.object({ by: z.number(), ms: z.number().int().min(0) }),
    output: z.number(),
  }),
  /** Publishes `{ n }` to a topic of the server's pub/sub; returns the event id. */
  publish: mutation({ input: z.object({ topic: z.string(), n: z.number() }), output: z.string() }),
  /** A topic of the server's pub/sub, resumable from its cursor. */
  feed: subscription({
    input: z.object({ topic: z.string() }),
    event: z.object({ n: z.number() }),
  }),
  /** What the handlers did so far, for cases to check effects against. */
  effects: query({
    output: z.object({
      /** Executions of `add` (a retried mutation must not repeat one). */
      addRuns: z.number(),
      /** Executions of `add` started and not finished yet. */
      addsRunning: z.number(),
      /** Events `forever` produced so far (flow control bounds it). */
      produced: z.number(),
      /** Events `blobs` produced so far (socket backpressure bounds it). */
      blobsProduced: z.number(),
      /** Subscription handlers running now (ended ones ran their `finally`). */
      subscriptions: z.number(),
    }),
  }),
  /** `count` events `0..count-1`, event `n` tracked with id `n` and data `n * 2`; resumable. */
  numbers: subscription({
    input: z.object({ count: z.number().int().min(0), intervalMs: z.number().int().min(0) }),
    event: z.number(),
  }),
  /** An endless stream `1, 2, 3…` as fast as the consumer's credit allows. */
  forever: subscription({ event: z.number() }),
  /** An endless stream of {@link BLOB_BYTES}-character strings, for socket-level backpressure. */
  blobs: subscription({ event: z.string() }),
  /** A subscription that never yields: it only holds a slot until it is ended. */
  idle: subscription({ event: z.never() }),
});

/** The limits every conformance server runs with, so cases can hit them. */
export const conformanceLimits = {
  maxSubscriptions: 4,
  maxMessageBytes: 65_536,
  highWaterMark: 262_144,
} as const;

/** Length of each `blobs` event. */
export const BLOB_BYTES = 16_384;

/**
 * The server heartbeat every conformance server runs with: a quiet connection is pinged often, and
 * one that leaves a ping unanswered is dropped soon, yet with room to spare on a loaded machine.
 */
export const conformanceHeartbeat = { intervalMs: 150, timeoutMs: 1_000 } as const;

/**
 * How every conformance server closes: running calls get this long to finish before their
 * connections close with 1001, as in a deploy.
 */
export const conformanceCloseOptions = { timeoutMs: 5_000 } as const;
