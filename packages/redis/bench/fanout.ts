// Fan-out through Redis: two server instances (child processes) sharing one Redis, 50 subscribed
// clients (half on each), events published to Redis as fast as it takes them. Measures events
// published per second, deliveries per second across all subscribers, and publish-to-delivery
// latency. Run from the repository root with `pnpm bench:redis` (needs Redis on 127.0.0.1:6379,
// or WIRECALL_REDIS_URL).
import os from 'node:os';
import { createClient } from '@wirecall/client';
import { Redis } from 'ioredis';
import { redisPubSub } from '../src/index.js';
import { clusterContract } from '../test/cluster/clusterContract.js';
import { type Instance, startInstance } from '../test/cluster/startInstance.js';
import { REDIS_URL, redisAnswers } from '../test/redisFixture.js';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 50);
const EVENTS = Number(process.env.EVENTS ?? 10_000);
/** Events and rate of the paced run, which measures latency below saturation. */
const PACED_EVENTS = Number(process.env.PACED_EVENTS ?? 1_000);
const PACED_RATE = Number(process.env.PACED_RATE ?? 200);
const IN_FLIGHT = 64;

type Mode = 'stream' | 'ephemeral';

interface Result {
  readonly run: string;
  readonly events: number;
  readonly seconds: number;
  readonly publishedPerSecond: number;
  readonly deliveriesPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/**
 * Subscribes 50 clients (alternately on A and B) to a fresh topic, publishes `events` events to
 * Redis (as fast as it takes them, or at `rate` per second), and times until every subscriber
 * got every event.
 */
async function run(
  mode: Mode,
  [a, b]: [Instance, Instance],
  prefix: string,
  events: number,
  rate?: number,
): Promise<Result> {
  const topic = `${mode === 'ephemeral' ? 'live:' : ''}bench-${Date.now()}`;
  const clients = Array.from({ length: SUBSCRIBERS }, (_, i) =>
    createClient(clusterContract, { url: i % 2 === 0 ? a.url : b.url }),
  );
  const latencies: number[] = [];
  const counts = new Array<number>(SUBSCRIBERS).fill(0);
  let closing = false;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  let finished = 0;
  const subscriptions = clients.map((client, i) =>
    client.feed.events.subscribe(
      { topic },
      {
        onError: (error) => {
          if (closing) return;
          console.error(`subscriber ${i} failed:`, error);
          process.exitCode = 1;
        },
        onData: (event) => {
          // Sample latency on a few subscribers to keep the measuring cheap.
          if (i < 5 && event.sentAt !== undefined) latencies.push(Date.now() - event.sentAt);
          if (++counts[i]! === events && ++finished === SUBSCRIBERS) allDone();
        },
      },
    ),
  );
  // Wait until every subscription runs on its instance: each got its cursor (for an ephemeral
  // topic, the sign that Redis confirmed the subscription).
  const deadline = Date.now() + 30_000;
  while (subscriptions.some((subscription) => subscription.lastEventId === undefined)) {
    if (Date.now() > deadline) throw new Error('subscriptions did not start');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const publisher = redisPubSub({
    url: REDIS_URL,
    keyPrefix: prefix,
    ephemeral: (name) => name.startsWith('live:'),
    // Keep the whole run: subscribers that fall behind catch up from the stream.
    maxLen: events * 2,
  });
  const started = performance.now();
  if (rate === undefined) {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < events) {
          const n = next++;
          await publisher.publish(topic, { n, sentAt: Date.now() });
        }
      }),
    );
  } else {
    for (let n = 0; n < events; n++) {
      const due = started + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      void publisher.publish(topic, { n, sentAt: Date.now() });
    }
  }
  const published = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    done,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${mode}: events missing (${counts})`)), 180_000);
    }),
  ]);
  clearTimeout(timer);
  const elapsed = (performance.now() - started) / 1000;
  closing = true;
  for (const client of clients) client.close();
  await publisher.close();
  latencies.sort((x, y) => x - y);
  return {
    run: `${mode}, ${rate === undefined ? 'burst' : `${rate}/s`}`,
    events,
    seconds: elapsed,
    publishedPerSecond: events / ((published - started) / 1000),
    deliveriesPerSecond: (events * SUBSCRIBERS) / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

/**
 * The adapter alone, without sockets: one pub/sub publishes at 200/s, another (a second
 * "instance" in this process) subscribes. Publish-to-delivery latency through Redis.
 */
async function adapterLatency(mode: Mode, prefix: string): Promise<Result> {
  const options = { url: REDIS_URL, keyPrefix: prefix, ephemeral: mode === 'ephemeral' };
  const subscriber = redisPubSub(options);
  const publisher = redisPubSub(options);
  const topic = `adapter-${mode}-${Date.now()}`;
  const latencies: number[] = [];
  const events = 1_000;
  const controller = new AbortController();
  const consuming = (async () => {
    const subscription = subscriber.subscribe<{ sentAt: number }>(topic, {
      signal: controller.signal,
    });
    for await (const event of subscription) {
      latencies.push(performance.now() - event.data.sentAt);
      if (latencies.length === events) break;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = performance.now();
  for (let n = 0; n < events; n++) {
    const wait = started + n * 5 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    void publisher.publish(topic, { sentAt: performance.now() });
  }
  await consuming;
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([subscriber.close(), publisher.close()]);
  latencies.sort((x, y) => x - y);
  return {
    run: `${mode}, adapter only, 200/s`,
    events,
    seconds,
    publishedPerSecond: events / seconds,
    deliveriesPerSecond: events / seconds,
    p50: Number(percentile(latencies, 0.5).toFixed(2)),
    p99: Number(percentile(latencies, 0.99).toFixed(2)),
  };
}

async function main(): Promise<void> {
  if (!(await redisAnswers(REDIS_URL))) {
    console.error(`No Redis answers at ${REDIS_URL}; start one or set WIRECALL_REDIS_URL.`);
    process.exit(1);
  }
  const prefix = `wirecall-bench:${process.pid}:`;
  const settings = { redisUrl: REDIS_URL, keyPrefix: prefix };
  const [a, b] = await Promise.all([
    startInstance({ name: 'A', ...settings }),
    startInstance({ name: 'B', ...settings }),
  ]);
  const results: Result[] = [];
  try {
    for (const mode of ['stream', 'ephemeral'] as const) {
      results.push(await adapterLatency(mode, prefix));
      results.push(await run(mode, [a, b], prefix, EVENTS));
      results.push(await run(mode, [a, b], prefix, PACED_EVENTS, PACED_RATE));
    }
  } finally {
    await a[Symbol.asyncDispose]();
    await b[Symbol.asyncDispose]();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  console.log(
    `\nFan-out through Redis: 2 instances, ${SUBSCRIBERS} subscribers (half on each), ` +
      `${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}\n`,
  );
  console.table(
    results.map((result) => ({
      run: result.run,
      events: result.events,
      'published/s': Math.round(result.publishedPerSecond),
      'deliveries/s': Math.round(result.deliveriesPerSecond),
      'total s': result.seconds.toFixed(2),
      'latency p50 ms': result.p50,
      'latency p99 ms': result.p99,
    })),
  );
}

await main();
