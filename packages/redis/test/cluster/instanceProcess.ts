// One wirecall server instance of the scale-out tests and benchmark, in its own process.
// Configured by environment variables; tells its parent its port over IPC once it listens.
import { createServer, type Handlers } from '@wirecall/server';
import { Redis } from 'ioredis';
import { redisDedupe, redisPresence, redisPubSub } from '../../src/index.js';
import { clusterContract } from './clusterContract.js';

const name = process.env.WIRECALL_NAME ?? 'instance';
const url = process.env.WIRECALL_REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = process.env.WIRECALL_PREFIX ?? 'wirecall:';
const port = Number(process.env.WIRECALL_PORT ?? 0);
const leaseMs = Number(process.env.WIRECALL_LEASE_MS ?? 10_000);
const commandTimeoutMs = Number(process.env.WIRECALL_COMMAND_TIMEOUT_MS ?? 5_000);
// Topics starting with this prefix are ephemeral (Redis pub/sub).
const ephemeralPrefix = process.env.WIRECALL_EPHEMERAL_PREFIX ?? 'live:';

const quiet = () => {};
const pubsub = redisPubSub({
  url,
  keyPrefix,
  commandTimeoutMs,
  onError: quiet,
  ephemeral: (topic) => topic.startsWith(ephemeralPrefix),
});
const dedupe = redisDedupe({ url, keyPrefix, leaseMs, commandTimeoutMs, onError: quiet });
// Presence: a short heartbeat lets the crash tests see a killed instance's members go quickly.
const presence = redisPresence({
  url,
  keyPrefix,
  onError: quiet,
  ttlMs: Number(process.env.WIRECALL_PRESENCE_TTL_MS ?? 15_000),
});
const counters = new Redis(url, { maxRetriesPerRequest: 1 });
counters.on('error', quiet);

const handlers: Handlers<typeof clusterContract, object> = {
  whoami: () => name,
  feed: {
    events: ({ topic }, ctx) =>
      ctx.pubsub.subscribe<{ n: number; sentAt?: number }>(topic, { lastEventId: ctx.lastEventId }),
    publish: async ({ topic, n }, ctx) => ({ id: await ctx.pubsub.publish(topic, { n }) }),
  },
  orders: {
    place: async ({ orderId, workMs }) => {
      const runs = await counters.incr(`${keyPrefix}runs:${orderId}`);
      await new Promise((resolve) => setTimeout(resolve, workMs));
      return { orderId, placedBy: name, runs };
    },
  },
};

const server = createServer(clusterContract, {
  handlers,
  pubsub,
  dedupe,
  presence: {
    store: presence,
    throttleMs: Number(process.env.WIRECALL_PRESENCE_THROTTLE_MS ?? 0),
    sweepMs: 200,
  },
  onError: (error) => console.error(`[${name}]`, error),
});
const address = await server.listen({ port, host: '127.0.0.1' });
process.send?.({ type: 'ready', port: address.port });

// The parent going away (IPC closed) ends the instance too.
process.on('disconnect', async () => {
  await server.close();
  await Promise.all([pubsub.close(), dedupe.close()]);
  counters.disconnect();
  process.exit(0);
});
