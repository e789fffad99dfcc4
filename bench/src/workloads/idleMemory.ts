import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchConnection } from '../systems/types.js';
import { closeAll, connectMany } from './connectMany.js';
import type { BenchMode, ClientEnv, Workload } from './types.js';

interface IdleMemoryParams {
  /** Connections in all, spread evenly over the client workers (fewer in short mode, to fit its time). */
  readonly connections: number;
  /** Pause after the last connection opened, so handshake garbage is collectable. */
  readonly settleMs: number;
}

const HELD = 'idle-memory.connections';
/** One client process holds them all: starting processes costs more than it would spread. */
const CLIENT_PROCESSES = 1;

async function open(env: ClientEnv, args: { count: number }) {
  const connections = await connectMany(env.system, env.url, args.count);
  env.state.set(HELD, connections);
  return connections.length;
}

async function release(env: ClientEnv) {
  const connections = (env.state.get(HELD) as BenchConnection[] | undefined) ?? [];
  env.state.delete(HELD);
  await closeAll(connections);
}

/**
 * Idle memory per connection: the server process's RSS and heap after a full GC, before and after
 * `connections` clients connected (handshake done, nothing else sent), divided by the count.
 */
export const idleMemory: Workload<IdleMemoryParams> = {
  id: 'idle-memory',
  title: 'Idle server memory per connection',
  clientProcesses: CLIENT_PROCESSES,
  ownProcesses: true,
  maxRuns: { short: 2, full: 3 },
  metrics: [
    { key: 'heapPerConnection', label: 'heap/conn', unit: 'KiB', better: 'lower' },
    { key: 'rssPerConnection', label: 'RSS/conn', unit: 'KiB', better: 'lower' },
  ],
  params: (mode: BenchMode) => ({ connections: mode === 'short' ? 500 : 2_000, settleMs: 300 }),
  async run({ server, clients }, params) {
    await server.waitForConnections(0, 10_000);
    const before = await server.memory();
    const share = Math.ceil(params.connections / clients.length);
    try {
      await Promise.all(clients.map((client) => client.task('open', { count: share }, 60_000)));
      await server.waitForConnections(share * clients.length, 10_000);
      await sleep(params.settleMs);
      const after = await server.memory();
      const count = share * clients.length;
      return {
        heapPerConnection: (after.heapUsed - before.heapUsed) / count / 1_024,
        rssPerConnection: (after.rss - before.rss) / count / 1_024,
        externalPerConnection: (after.external - before.external) / count / 1_024,
      };
    } finally {
      await Promise.allSettled(clients.map((client) => client.task('release', {}, 30_000)));
    }
  },
  clientTasks: { open, release },
};
