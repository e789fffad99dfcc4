import { hrtime } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TickEvent } from '../systems/types.js';
import { closeAll, connectMany } from './connectMany.js';
import type { BenchMode, ClientEnv, Workload } from './types.js';

interface FanOutParams {
  /** Client sockets, each with one subscription to the stream. */
  readonly subscribers: number;
  /** Events the server publishes; each subscriber should receive all of them. */
  readonly events: number;
  /** A subscriber that receives nothing for this long is done; what it missed counts as lost. */
  readonly idleTimeoutMs: number;
  /** Upper bound of one run, publishing and delivery included. */
  readonly deadlineMs: number;
}

/** What one subscriber saw: each sequence number at most once, however often it came. */
class Tally {
  readonly #seen: Uint8Array;
  received = 0;
  duplicates = 0;

  constructor(events: number) {
    this.#seen = new Uint8Array(events);
  }

  record(event: TickEvent): void {
    if (this.#seen[event.seq] === 1) {
      this.duplicates++;
      return;
    }
    this.#seen[event.seq] = 1;
    this.received++;
  }
}

async function runFanOut(env: ClientEnv, params: FanOutParams) {
  // The previous run's sockets must be gone, or they would count as this run's subscribers.
  await env.server.waitForConnections(0, 10_000);
  const connections = await connectMany(
    env.system,
    env.url,
    params.subscribers,
    params.subscribers > 50 ? 100 : 25,
  );
  try {
    const tallies = connections.map(() => new Tally(params.events));
    let lastEventAt = hrtime.bigint();
    let delivered = 0;
    await Promise.all(
      connections.map((connection, i) =>
        connection.subscribe((event) => {
          tallies[i]?.record(event);
          delivered++;
          lastEventAt = hrtime.bigint();
        }),
      ),
    );
    await env.server.waitForSubscribers(params.subscribers, 10_000);
    const expected = params.subscribers * params.events;
    const startedAt = hrtime.bigint();
    lastEventAt = startedAt;
    const published = env.server.publish(params.events, params.deadlineMs);
    published.catch(() => {});
    const deadline = startedAt + BigInt(params.deadlineMs) * 1_000_000n;
    const idle = BigInt(params.idleTimeoutMs) * 1_000_000n;
    while (delivered < expected) {
      const now = hrtime.bigint();
      if (now > deadline || now - lastEventAt > idle) break;
      await sleep(5);
    }
    await published;
    const received = tallies.reduce((sum, tally) => sum + tally.received, 0);
    const seconds = Number(lastEventAt - startedAt) / 1e9;
    return {
      eventsPerSec: seconds > 0 ? received / seconds : 0,
      lost: expected - received,
      duplicates: tallies.reduce((sum, tally) => sum + tally.duplicates, 0),
    };
  } finally {
    await closeAll(connections);
  }
}

/**
 * Subscription fan-out: `subscribers` sockets subscribed to one stream while the server publishes
 * a fixed number of events as fast as the system accepts them. Measures events delivered per
 * second (across all subscribers, until the last one arrived) and events lost, from sequence
 * numbers. How each system fans out is said in its adapter.
 */
export function createFanOutWorkload(
  subscribers: number,
  events: Readonly<Record<BenchMode, number>>,
): Workload<FanOutParams> {
  return {
    id: subscribers === 50 ? 'fan-out' : `fan-out-${subscribers}`,
    title: `Subscription fan-out to ${subscribers.toLocaleString('en-US')} sockets`,
    clientProcesses: 1,
    ...(subscribers > 50 ? { fullOnly: true } : {}),
    maxRuns: { short: 2, full: subscribers > 50 ? 2 : 3 },
    metrics: [
      { key: 'eventsPerSec', label: 'events/s delivered', unit: 'events/s', better: 'higher' },
      { key: 'lost', label: 'events lost', unit: 'events', better: 'lower' },
    ],
    params: (mode: BenchMode) =>
      mode === 'short'
        ? { subscribers, events: events.short, idleTimeoutMs: 3_000, deadlineMs: 20_000 }
        : { subscribers, events: events.full, idleTimeoutMs: 5_000, deadlineMs: 60_000 },
    async run({ clients }, params) {
      return (await clients[0]?.task('run', params, params.deadlineMs + 60_000)) as Record<
        string,
        number
      >;
    },
    clientTasks: { run: runFanOut },
  };
}

/** The fan-out row every earlier report has: 50 sockets. */
export const fanOut = createFanOutWorkload(50, { short: 1_000, full: 3_000 });

/** The same with 1,000 sockets, where per-subscriber work on the server shows. */
export const fanOut1000 = createFanOutWorkload(1_000, { short: 100, full: 200 });
