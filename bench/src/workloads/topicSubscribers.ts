import { setTimeout as sleep } from 'node:timers/promises';
import { nowMicros } from '../clock.js';
import { median } from '../stats.js';
import type { BenchConnection, TickEvent } from '../systems/types.js';
import { closeAll, connectMany } from './connectMany.js';
import type { BenchMode, ClientControl, ClientEnv, Workload } from './types.js';

interface TopicSubscribersParams {
  /** Subscribers of the one topic at each level, one per socket, over all client processes. */
  readonly levels: readonly number[];
  /** Deliveries (events × subscribers) of a level's burst; fewer events at more subscribers. */
  readonly deliveries: number;
  /** Events of a burst at least and at most, whatever the level. */
  readonly minEvents: number;
  readonly maxEvents: number;
  /** Single events published one at a time, each timed from publish to its last delivery. */
  readonly probes: number;
  /** A client process that receives nothing for this long is done; what it missed counts as lost. */
  readonly idleTimeoutMs: number;
}

const CLIENT_PROCESSES = 4;
const HELD = 'topic-subscribers.connections';
const INBOX = 'topic-subscribers.inbox';

/** What one client process's subscribers received since it was last armed. */
class Inbox {
  expected = 0;
  received = 0;
  lastAt = 0;
  arm(expected: number): void {
    this.expected = expected;
    this.received = 0;
    this.lastAt = 0;
  }
  record(_event: TickEvent): void {
    this.received++;
    this.lastAt = nowMicros();
  }
}

function inboxOf(env: ClientEnv): Inbox {
  let inbox = env.state.get(INBOX) as Inbox | undefined;
  if (!inbox) {
    inbox = new Inbox();
    env.state.set(INBOX, inbox);
  }
  return inbox;
}

function heldOf(env: ClientEnv): BenchConnection[] {
  return (env.state.get(HELD) as BenchConnection[] | undefined) ?? [];
}

async function subscribe(env: ClientEnv, args: { count: number }) {
  const inbox = inboxOf(env);
  const opened = await connectMany(env.system, env.url, args.count, 50);
  env.state.set(HELD, [...heldOf(env), ...opened]);
  await Promise.all(opened.map((connection) => connection.subscribe((e) => inbox.record(e))));
  return heldOf(env).length;
}

/** Expects `events` per subscriber this process holds from now on. */
async function arm(env: ClientEnv, args: { events: number }) {
  inboxOf(env).arm(heldOf(env).length * args.events);
}

/** Waits until every expected event arrived, or none came for `idleTimeoutMs`. */
async function collect(env: ClientEnv, args: { idleTimeoutMs: number }) {
  const inbox = inboxOf(env);
  let seen = -1;
  let quietSince = Date.now();
  while (inbox.received < inbox.expected) {
    if (inbox.received !== seen) {
      seen = inbox.received;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > args.idleTimeoutMs) {
      break;
    }
    await sleep(2);
  }
  return { expected: inbox.expected, received: inbox.received, lastAt: inbox.lastAt };
}

async function release(env: ClientEnv) {
  const held = heldOf(env);
  env.state.delete(HELD);
  await closeAll(held);
}

type Collected = { expected: number; received: number; lastAt: number };

/** Publishes `events` and collects them from every client process. */
async function burst(
  clients: readonly ClientControl[],
  publish: () => Promise<{ startedAt: number }>,
  events: number,
  idleTimeoutMs: number,
) {
  await Promise.all(clients.map((client) => client.task('arm', { events }, 10_000)));
  const { startedAt } = await publish();
  const collected = await Promise.all(
    clients.map((client) => client.task<Collected>('collect', { idleTimeoutMs }, 600_000)),
  );
  const expected = collected.reduce((sum, c) => sum + c.expected, 0);
  const received = collected.reduce((sum, c) => sum + c.received, 0);
  const lastAt = Math.max(...collected.map((c) => c.lastAt));
  return { expected, received, micros: lastAt - startedAt };
}

/**
 * How fan-out cost grows with subscribers of one topic (1, 100, 1,000, 10,000, each on its own
 * socket, over several client processes): delivered events/s of a burst, and the time from
 * publishing one event to its delivery to the last subscriber (median of single-event probes; the
 * server's and the clients' clocks are the machine's one monotonic clock).
 */
export const topicSubscribers: Workload<TopicSubscribersParams> = {
  id: 'topic-subscribers',
  title: 'Subscribers of one topic',
  clientProcesses: CLIENT_PROCESSES,
  ownProcesses: true,
  fullOnly: true,
  maxRuns: { short: 1, full: 1 },
  levelLabel: 'subscribers',
  levels: (params) => params.levels,
  metrics: [
    { key: 'eventsPerSec', label: 'events/s delivered', unit: 'events/s', better: 'higher' },
    { key: 'lastDelivery', label: 'publish to last delivery', unit: 'µs', better: 'lower' },
    { key: 'lost', label: 'events lost', unit: 'events', better: 'lower' },
  ],
  params: (mode: BenchMode) =>
    mode === 'short'
      ? {
          levels: [1, 100, 1_000],
          deliveries: 100_000,
          minEvents: 20,
          maxEvents: 1_000,
          probes: 10,
          idleTimeoutMs: 3_000,
        }
      : {
          levels: [1, 100, 1_000, 10_000],
          deliveries: 200_000,
          minEvents: 20,
          maxEvents: 2_000,
          probes: 10,
          idleTimeoutMs: 5_000,
        },
  async run({ server, clients }, params) {
    await server.waitForConnections(0, 10_000);
    const result: Record<string, number> = {};
    let subscribed = 0;
    try {
      for (const level of params.levels) {
        // One subscriber goes to the first process; more spread over all of them.
        const add = level - subscribed;
        const shares = clients.map(
          (_, i) => Math.floor(add / clients.length) + (i < add % clients.length ? 1 : 0),
        );
        await Promise.all(
          clients.map((client, i) =>
            (shares[i] ?? 0) > 0
              ? client.task('subscribe', { count: shares[i] }, 600_000)
              : Promise.resolve(),
          ),
        );
        subscribed = level;
        await server.waitForSubscribers(level, 60_000);
        const events = Math.min(
          params.maxEvents,
          Math.max(params.minEvents, Math.round(params.deliveries / level)),
        );
        const publish = (count: number) => () => server.publish(count, 300_000);
        const flood = await burst(clients, publish(events), events, params.idleTimeoutMs);
        let lost = flood.expected - flood.received;
        const probeMicros: number[] = [];
        for (let probe = 0; probe < params.probes; probe++) {
          const single = await burst(clients, publish(1), 1, params.idleTimeoutMs);
          lost += single.expected - single.received;
          probeMicros.push(single.micros);
        }
        result[`eventsPerSec@${level}`] =
          flood.micros > 0 ? flood.received / (flood.micros / 1e6) : 0;
        result[`lastDelivery@${level}`] = median(probeMicros);
        result[`lost@${level}`] = lost;
      }
      return result;
    } finally {
      await Promise.allSettled(clients.map((client) => client.task('release', {}, 120_000)));
    }
  },
  clientTasks: { subscribe, arm, collect, release },
};
