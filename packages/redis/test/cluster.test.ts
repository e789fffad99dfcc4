import { type ClientOptions, createClient } from '@wirecall/client';
import { isRpcError } from '@wirecall/server';
import { startTcpProxy, waitFor } from '@wirecall/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisPubSub } from '../src/index.js';
import { clusterContract } from './cluster/clusterContract.js';
import { type Instance, startInstance } from './cluster/startInstance.js';
import { eventually, REDIS_URL, redisScope, redisUp } from './redisFixture.js';
import { redisServerInstalled, startRedisServer } from './redisServerProcess.js';

// Two (or three) server processes sharing one Redis, and real clients: the scale-out proofs.
const scope = redisScope('cluster');
afterAll(() => scope[Symbol.asyncDispose]());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Reconnect at once: the tests are about what survives a failover, not about backoff. */
const fastRetry = { initialDelayMs: 20, maxDelayMs: 200 };

/** A client of the cluster contract, closed by `await using`. */
function connect(options: ClientOptions) {
  const client = createClient(clusterContract, options);
  return Object.assign(client, { [Symbol.asyncDispose]: async () => client.close() });
}

let topics = 0;
const newTopic = () => `feed${++topics}`;

async function twoInstances(
  redisUrl = REDIS_URL,
  settings: { leaseMs?: number; commandTimeoutMs?: number } = {},
): Promise<[Instance, Instance]> {
  const common = { redisUrl, keyPrefix: scope.prefix, ...settings };
  return Promise.all([
    startInstance({ name: 'A', ...common }),
    startInstance({ name: 'B', ...common }),
  ]);
}

/** Collects a subscription's events; `numbers` are the `n`s in arrival order. */
function collect(client: ReturnType<typeof createClient<typeof clusterContract>>, topic: string) {
  const numbers: number[] = [];
  const errors: unknown[] = [];
  const subscription = client.feed.events.subscribe(
    { topic },
    {
      onData: (event) => numbers.push(event.n),
      onError: (error) => errors.push(error),
    },
  );
  return { numbers, errors, subscription };
}

describe.skipIf(!redisUp)('two server processes sharing Redis', () => {
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    [a, b] = await twoInstances(REDIS_URL, { leaseMs: 1_000 });
  }, 60_000);
  afterAll(async () => {
    await a?.[Symbol.asyncDispose]();
    await b?.[Symbol.asyncDispose]();
  });
  it('delivers to a client on A the events published through B, in order', async () => {
    await using subscriber = connect({ url: a.url });
    await using publisher = connect({ url: b.url });
    expect(await subscriber.whoami()).toBe('A');
    expect(await publisher.whoami()).toBe('B');
    const topic = newTopic();
    const { numbers, subscription } = collect(subscriber, topic);
    await waitFor(() => subscription.lastEventId !== undefined, { timeoutMs: 10_000 });
    for (let n = 0; n < 200; n++) await publisher.feed.publish({ topic, n });
    await waitFor(() => numbers.length === 200, { timeoutMs: 10_000 });
    expect(numbers).toEqual([...Array(200).keys()]);
  });

  it('fails over between instances killed mid-stream: nothing lost, nothing twice, in order', async () => {
    const instances = new Map([
      ['A', a],
      ['B', b],
    ]);
    await using client = connect({
      url: [a.url, b.url],
      retry: fastRetry,
      timeoutMs: 5_000,
    });
    const topic = newTopic();
    const { numbers, errors, subscription } = collect(client, topic);
    await waitFor(() => subscription.lastEventId !== undefined, { timeoutMs: 10_000 });

    // A publisher of its own (a third instance), publishing steadily throughout.
    await using publisher = redisPubSub({ url: REDIS_URL, keyPrefix: scope.prefix });
    let published = 0;
    let publishing = true;
    const publishLoop = (async () => {
      while (publishing) {
        await publisher.publish(topic, { n: published });
        published++;
        await pause(2);
      }
    })();

    const kills = 5;
    for (let kill = 0; kill < kills; kill++) {
      const seen = numbers.length;
      await waitFor(() => numbers.length > seen + 20, { timeoutMs: 15_000 });
      const serving = instances.get(await client.whoami())!;
      await serving.kill();
      await waitFor(() => numbers.length > seen + 40, { timeoutMs: 15_000 });
      await serving.restart();
    }
    publishing = false;
    await publishLoop;
    await waitFor(() => numbers.length >= published, { timeoutMs: 15_000 });
    expect(errors).toEqual([]);
    expect(numbers).toEqual([...Array(published).keys()]);
    console.info(
      `failover: ${kills} instance kills, ${published} events, all delivered once, in order`,
    );
  }, 180_000);

  it('runs a mutation once when its first attempt reached A and the retry reaches B', async () => {
    await using proxyToA = await startTcpProxy(a.port);
    await using client = connect({
      url: [proxyToA.url(), b.url],
      retry: fastRetry,
    });
    expect(await client.whoami()).toBe('A');
    const orderId = `order-${Math.random().toString(36).slice(2)}`;
    const placing = client.orders.place({ orderId, workMs: 600 });
    // The handler started on A; the connection dies under it; the client retries on B, which
    // waits for A's run to finish and answers with its outcome.
    await eventually(async () => (await scope.redis.get(`${scope.prefix}runs:${orderId}`)) === '1');
    proxyToA.cut();
    proxyToA.refuse();
    const result = await placing;
    expect(result).toEqual({ orderId, placedBy: 'A', runs: 1 });
    expect(await client.whoami()).toBe('B');
    expect(await scope.redis.get(`${scope.prefix}runs:${orderId}`)).toBe('1');
  });

  it('answers a retry of a finished mutation whose result was lost from the stored outcome', async () => {
    await using proxyToA = await startTcpProxy(a.port);
    await using client = connect({
      url: [proxyToA.url(), b.url],
      retry: fastRetry,
      heartbeat: false,
    });
    expect(await client.whoami()).toBe('A');
    const orderId = `order-${Math.random().toString(36).slice(2)}`;
    const placing = client.orders.place({ orderId, workMs: 300 });
    await eventually(async () => (await scope.redis.get(`${scope.prefix}runs:${orderId}`)) === '1');
    proxyToA.stall(); // A's answer never arrives
    await pause(600); // A finished and recorded the outcome meanwhile
    proxyToA.cut();
    proxyToA.refuse();
    expect(await placing).toEqual({ orderId, placedBy: 'A', runs: 1 });
    expect(await scope.redis.get(`${scope.prefix}runs:${orderId}`)).toBe('1');
  });

  it('does not run a mutation twice when A dies mid-run: the retry is told OUTCOME_UNKNOWN', async () => {
    await using client = connect({ url: [a.url, b.url], retry: fastRetry });
    expect(await client.whoami()).toBe('A');
    const orderId = `order-${Math.random().toString(36).slice(2)}`;
    const placing = client.orders
      .place({ orderId, workMs: 2_000 })
      .catch((error: unknown) => error);
    await eventually(async () => (await scope.redis.get(`${scope.prefix}runs:${orderId}`)) === '1');
    await a.kill();
    const failure = await placing;
    expect(isRpcError(failure, 'OUTCOME_UNKNOWN')).toBe(true);
    expect(await scope.redis.get(`${scope.prefix}runs:${orderId}`)).toBe('1');
    await a.restart();
  });
});

/**
 * Every acknowledged event arrived once, in order. A publish that failed with `UNAVAILABLE` as
 * Redis died may still have been written (its answer was lost): it may arrive too, in its place.
 */
function expectAcknowledgedInOrder(received: number[], acknowledged: number[]): void {
  expect(received).toEqual([...received].sort((x, y) => x - y));
  expect(new Set(received).size).toBe(received.length);
  const arrived = new Set(received);
  expect(acknowledged.filter((n) => !arrived.has(n))).toEqual([]);
}

describe.skipIf(!redisServerInstalled)('Redis restarted under two server processes', () => {
  it('subscribers resume, publishes fail typed meanwhile, and no process crashes', async () => {
    await using redis = await startRedisServer();
    // Commands give up after 300 ms, so publishes during the outage fail rather than wait it out.
    const [a, b] = await twoInstances(redis.url, { commandTimeoutMs: 300 });
    await using _a = a;
    await using _b = b;
    await using subscriber = connect({ url: a.url, retry: fastRetry });
    await using publisher = connect({ url: b.url, retry: fastRetry });
    const topic = newTopic();
    const { numbers, errors, subscription } = collect(subscriber, topic);
    await waitFor(() => subscription.lastEventId !== undefined, { timeoutMs: 10_000 });

    const acknowledged: number[] = [];
    let unavailable = 0;
    let n = 0;
    const publishUntil = async (count: number) => {
      while (acknowledged.length < count) {
        const current = n++;
        try {
          await publisher.feed.publish({ topic, n: current });
          acknowledged.push(current);
        } catch (error) {
          expect(isRpcError(error, 'UNAVAILABLE')).toBe(true);
          unavailable++;
          await pause(50);
        }
      }
    };
    await publishUntil(50);
    await redis.kill();
    const during = publishUntil(51);
    await pause(1_000);
    await redis.start();
    await during;
    await publishUntil(150);
    await waitFor(() => numbers.length >= acknowledged.length, { timeoutMs: 20_000 });
    expect(errors).toEqual([]);
    expectAcknowledgedInOrder(numbers, acknowledged);
    expect(unavailable).toBeGreaterThan(0);
    expect(a.alive && b.alive).toBe(true);
  }, 60_000);
});
