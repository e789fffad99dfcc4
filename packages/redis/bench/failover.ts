// The long failover run: two server instances sharing Redis, clients subscribed through both, an
// event published every 2 ms, and instances killed (SIGKILL) and restarted over and over. At the
// end every client must hold every event exactly once, in order. Run from the repository root with
// `pnpm failover:redis` (KILLS=30 by default; needs Redis on 127.0.0.1:6379 or WIRECALL_REDIS_URL).
import { createClient } from '@wirecall/client';
import { Redis } from 'ioredis';
import { redisPubSub } from '../src/index.js';
import { clusterContract } from '../test/cluster/clusterContract.js';
import { startInstance } from '../test/cluster/startInstance.js';
import { REDIS_URL, redisAnswers } from '../test/redisFixture.js';

const KILLS = Number(process.env.KILLS ?? 30);
const CLIENTS = Number(process.env.CLIENTS ?? 10);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await pause(10);
  }
}

async function main(): Promise<void> {
  if (!(await redisAnswers(REDIS_URL))) {
    console.error(`No Redis answers at ${REDIS_URL}; start one or set WIRECALL_REDIS_URL.`);
    process.exit(1);
  }
  const prefix = `wirecall-failover:${process.pid}:`;
  const settings = { redisUrl: REDIS_URL, keyPrefix: prefix };
  const instances = await Promise.all([
    startInstance({ name: 'A', ...settings }),
    startInstance({ name: 'B', ...settings }),
  ]);
  const byName = new Map(instances.map((instance) => [instance.name, instance]));
  const urls = instances.map((instance) => instance.url);
  const topic = 'failover';
  // Half the clients start on A, half on B; each fails over along the list.
  const clients = Array.from({ length: CLIENTS }, (_, i) =>
    createClient(clusterContract, {
      url: i % 2 === 0 ? urls : [...urls].reverse(),
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    }),
  );
  const received = clients.map(() => [] as number[]);
  const errors: unknown[] = [];
  const subscriptions = clients.map((client, i) =>
    client.feed.events.subscribe(
      { topic },
      { onData: (event) => received[i]!.push(event.n), onError: (error) => errors.push(error) },
    ),
  );
  await until(
    () => subscriptions.every((subscription) => subscription.lastEventId !== undefined),
    'subscriptions',
  );

  const publisher = redisPubSub({ url: REDIS_URL, keyPrefix: prefix, maxLen: 1_000_000 });
  let published = 0;
  let publishing = true;
  const publishLoop = (async () => {
    while (publishing) {
      await publisher.publish(topic, { n: published });
      published++;
      await pause(2);
    }
  })();

  const started = Date.now();
  const outages: number[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    const victim = byName.get(await clients[kill % CLIENTS]!.whoami())!;
    await pause(100 + Math.random() * 300);
    const killedAt = Date.now();
    const before = published;
    await victim.kill();
    // Every client has caught up past the kill: the ones on the victim failed over and resumed.
    await until(() => received.every((events) => events.length > before), 'failover');
    outages.push(Date.now() - killedAt);
    await victim.restart();
    process.stdout.write(`\rkill ${kill + 1}/${KILLS} (${victim.name}), ${published} events`);
  }
  publishing = false;
  await publishLoop;
  await until(() => received.every((events) => events.length >= published), 'the last events');
  const seconds = (Date.now() - started) / 1000;

  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const events of received) {
    const seen = new Set<number>();
    events.forEach((n, i) => {
      if (seen.has(n)) duplicated++;
      seen.add(n);
      if (i > 0 && n <= events[i - 1]!) outOfOrder++;
    });
    for (let n = 0; n < published; n++) if (!seen.has(n)) lost++;
  }
  outages.sort((x, y) => x - y);
  console.log(
    `\n\n${KILLS} instance kills in ${seconds.toFixed(1)} s, ${CLIENTS} clients, ${published} events each:` +
      ` lost ${lost}, duplicated ${duplicated}, out of order ${outOfOrder}, subscription errors ${errors.length};` +
      ` kill-to-caught-up p50 ${outages[Math.floor(outages.length / 2)]} ms, max ${outages.at(-1)} ms`,
  );

  const failed = lost + duplicated + outOfOrder + errors.length > 0;
  // Closing the clients ends their subscriptions with CONNECTION_CLOSED: not a failure.
  for (const client of clients) client.close();
  await publisher.close();
  await Promise.all(instances.map((instance) => instance[Symbol.asyncDispose]()));
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  if (failed) process.exitCode = 1;
}

await main();
