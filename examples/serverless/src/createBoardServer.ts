import { randomUUID } from 'node:crypto';
import { redisDedupe, redisPubSub } from '@wirecall/redis';
import { createServer, type WirecallServer } from '@wirecall/server';
import { api } from './contract.js';

/** Options of {@link createBoardServer}. */
export interface BoardServerOptions {
  /** The Redis every instance shares. @default 'redis://127.0.0.1:6379' */
  redisUrl?: string | undefined;
  /** Prefix of every Redis key. @default 'wirecall-serverless:' */
  keyPrefix?: string | undefined;
  /** End each response after this long, under the host's limit. @default 25_000 */
  maxDurationMs?: number | undefined;
  /** Milliseconds a dead instance's claimed mutation stays claimed. @default 2_000 */
  leaseMs?: number | undefined;
}

/** One stateless instance: all it shares lives in Redis. */
export interface BoardServer extends AsyncDisposable {
  readonly server: WirecallServer;
  /** The fetch handler a serverless host calls for every request. */
  readonly fetch: (request: Request) => Promise<Response>;
}

/**
 * The board's server for a serverless host: no WebSocket, nothing in memory between requests
 * that another instance would need. Events go through `redisPubSub` (any instance can resume a
 * stream), mutation outcomes through `redisDedupe` (a retry on any instance is answered once).
 */
export function createBoardServer(options: BoardServerOptions = {}): BoardServer {
  const url = options.redisUrl ?? 'redis://127.0.0.1:6379';
  const keyPrefix = options.keyPrefix ?? 'wirecall-serverless:';
  const instance = randomUUID().slice(0, 8);
  const pubsub = redisPubSub({ url, keyPrefix, topicTtlMs: 3_600_000 });
  const dedupe = redisDedupe({ url, keyPrefix, leaseMs: options.leaseMs ?? 2_000 });
  const server = createServer(api, {
    pubsub,
    dedupe,
    http: { maxDurationMs: options.maxDurationMs ?? 25_000 },
    handlers: {
      board: {
        post: (note, ctx) => ctx.pubsub.publish('board', note),
        notes: (_input, ctx) => ctx.pubsub.subscribe('board', { lastEventId: ctx.lastEventId }),
        health: () => ({ instance }),
      },
    },
  });
  return {
    server,
    fetch: server.fetch,
    async [Symbol.asyncDispose]() {
      await server.close();
      await pubsub.close();
      await dedupe.close();
    },
  };
}
