import { type Handlers, type ServerOptions, tracked } from '@wirecall/server';
import {
  BLOB_BYTES,
  type conformanceContract,
  conformanceHeartbeat,
  conformanceLimits,
} from './conformanceContract.js';

/** Resolves after `ms`, or at once when `signal` aborts; leaves no listener behind either way. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

/**
 * Fresh handlers of {@link conformanceContract}, with their own counters. Platform-free (no
 * `node:` import), so a server in Bun, Deno or workerd serves the very same handlers.
 */
export function createConformanceHandlers(): Handlers<typeof conformanceContract, object> {
  const stats = {
    addRuns: 0,
    addsRunning: 0,
    produced: 0,
    blobsProduced: 0,
    subscriptions: 0,
    total: 0,
  };
  const blob = 'x'.repeat(BLOB_BYTES);
  return {
    greet: ({ name }) => `Hello, ${name}!`,
    slow: async ({ ms }) => {
      // Not aborted by a graceful close: a running call is let finish.
      await sleep(ms);
      return ms;
    },
    fail: ({ how }, ctx) => {
      if (how === 'declared') throw ctx.error('OUT_OF_STOCK', { sku: 'tea', left: 0 });
      throw new Error('secret detail that must not reach the client');
    },
    add: async ({ by, ms }) => {
      stats.addsRunning++;
      try {
        if (ms > 0) await sleep(ms);
        stats.addRuns++;
        stats.total += by;
        return stats.total;
      } finally {
        stats.addsRunning--;
      }
    },
    publish: ({ topic, n }, ctx) => ctx.pubsub.publish(topic, { n }),
    async *feed({ topic }, ctx) {
      stats.subscriptions++;
      try {
        yield* ctx.pubsub.subscribe(topic, { lastEventId: ctx.lastEventId });
      } finally {
        stats.subscriptions--;
      }
    },
    effects: () => ({
      addRuns: stats.addRuns,
      addsRunning: stats.addsRunning,
      produced: stats.produced,
      blobsProduced: stats.blobsProduced,
      subscriptions: stats.subscriptions,
    }),
    async *numbers({ count, intervalMs }, ctx) {
      stats.subscriptions++;
      try {
        let n = ctx.lastEventId === undefined ? 0 : Number(ctx.lastEventId) + 1;
        for (; n < count && !ctx.signal.aborted; n++) {
          if (intervalMs > 0) await sleep(intervalMs, ctx.signal);
          yield tracked(String(n), n * 2);
        }
      } finally {
        stats.subscriptions--;
      }
    },
    async *forever(_input, ctx) {
      stats.subscriptions++;
      try {
        while (!ctx.signal.aborted) yield ++stats.produced;
      } finally {
        stats.subscriptions--;
      }
    },
    async *blobs(_input, ctx) {
      stats.subscriptions++;
      try {
        while (!ctx.signal.aborted) {
          stats.blobsProduced++;
          yield blob;
        }
      } finally {
        stats.subscriptions--;
      }
    },
    async *idle(_input, ctx) {
      stats.subscriptions++;
      try {
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      } finally {
        stats.subscriptions--;
      }
    },
  };
}

/**
 * The options every conformance server is created with: fresh handlers, the conformance limits
 * and heartbeat, and no error log (the `crash` case throws on purpose).
 * @example
 * const server = createServer(conformanceContract, conformanceServerOptions());
 */
export function conformanceServerOptions(): ServerOptions<typeof conformanceContract, object> {
  return {
    handlers: createConformanceHandlers(),
    ...conformanceLimits,
    heartbeat: conformanceHeartbeat,
    onError: () => {},
  };
}
