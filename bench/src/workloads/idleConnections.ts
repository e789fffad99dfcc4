import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../stats.js';
import type { BenchConnection } from '../systems/types.js';
import { closeAll, connectMany } from './connectMany.js';
import { fileLimitedLevels, sourceAddress } from './fileLimit.js';
import { heldConnection, releaseHeld } from './heldConnection.js';
import { assertEcho, makePayload } from './payload.js';
import type { BenchMode, ClientEnv, ScaleOptions, Workload } from './types.js';

interface IdleConnectionsParams {
  /** Idle connections held at each level, in one server process, opened level after level. */
  readonly levels: readonly number[];
  /** Pause after a level's last connection opened, so handshake garbage is collectable. */
  readonly settleMs: number;
  /** Calls on the active connection before the first level, to warm both sides' JIT. */
  readonly warmupCalls: number;
  /** Sequential calls timed on the active connection at each level. */
  readonly calls: number;
}

/** Client processes the idle connections are spread over (the active one is in the first). */
const CLIENT_PROCESSES = 4;
const HELD = 'idle-connections.held';
const ACTIVE = 'idle-connections.active';

async function open(env: ClientEnv, args: { count: number; localAddress?: string }) {
  const opened = await connectMany(env.system, env.url, args.count, 100, {
    ...(args.localAddress ? { localAddress: args.localAddress } : {}),
  });
  const held = (env.state.get(HELD) as BenchConnection[] | undefined) ?? [];
  held.push(...opened);
  env.state.set(HELD, held);
  return held.length;
}

async function warm(env: ClientEnv, args: { calls: number }) {
  const { connection } = await heldConnection(env, ACTIVE);
  for (let n = 0; n < args.calls; n++) assertEcho(await connection.call(makePayload(n)), n);
}

async function probe(env: ClientEnv, args: { calls: number }) {
  const { connection } = await heldConnection(env, ACTIVE);
  const micros: number[] = [];
  for (let n = 0; n < args.calls; n++) {
    const start = performance.now();
    assertEcho(await connection.call(makePayload(n)), n);
    micros.push((performance.now() - start) * 1_000);
  }
  return { p50: percentile(micros, 50), p99: percentile(micros, 99) };
}

async function release(env: ClientEnv) {
  const held = (env.state.get(HELD) as BenchConnection[] | undefined) ?? [];
  env.state.delete(HELD);
  await closeAll(held);
  await releaseHeld(env, ACTIVE);
}

/** `total` split over `parts` as evenly as whole numbers allow. */
function split(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  );
}

/**
 * How cost grows with idle connections: one server process holds 1k, 10k (and with `--large`
 * 50k) idle connections opened from several client processes, and at each level the bench takes
 * the server's heap and RSS after a full GC (per connection, over the server before any idle
 * connection) and the p50/p99 of sequential calls on one active connection.
 */
export const idleConnections: Workload<IdleConnectionsParams> = {
  id: 'idle-connections',
  title: 'Idle connections in one server process',
  clientProcesses: CLIENT_PROCESSES,
  ownProcesses: true,
  fullOnly: true,
  maxRuns: { short: 1, full: 1 },
  levelLabel: 'connections',
  levels: (params) => params.levels,
  metrics: [
    { key: 'heapPerConnection', label: 'heap/conn', unit: 'KiB', better: 'lower' },
    { key: 'rssPerConnection', label: 'RSS/conn', unit: 'KiB', better: 'lower' },
    { key: 'p50', label: 'call p50', unit: 'µs', better: 'lower' },
    { key: 'p99', label: 'call p99', unit: 'µs', better: 'lower' },
  ],
  params: (mode: BenchMode, scale?: ScaleOptions) => ({
    levels: fileLimitedLevels(
      'idle-connections',
      scale?.connections ??
        (mode === 'short' ? [1_000] : scale?.large ? [1_000, 10_000, 50_000] : [1_000, 10_000]),
    ),
    settleMs: 500,
    warmupCalls: mode === 'short' ? 1_000 : 2_000,
    calls: mode === 'short' ? 500 : 2_000,
  }),
  async run({ server, clients }, params) {
    await server.waitForConnections(0, 10_000);
    const [first] = clients;
    if (!first) throw new Error('No client process');
    await first.task('warm', { calls: params.warmupCalls }, 60_000);
    const before = await server.memory();
    const result: Record<string, number> = {};
    let opened = 0;
    try {
      for (const level of params.levels) {
        const shares = split(level - opened, clients.length);
        await Promise.all(
          clients.map((client, i) =>
            client.task(
              'open',
              { count: shares[i] ?? 0, localAddress: sourceAddress(i, level) },
              600_000,
            ),
          ),
        );
        opened = level;
        await server.waitForConnections(level + 1, 60_000);
        await sleep(params.settleMs);
        const after = await server.memory();
        const latency = (await first.task('probe', { calls: params.calls }, 120_000)) as {
          p50: number;
          p99: number;
        };
        result[`heapPerConnection@${level}`] = (after.heapUsed - before.heapUsed) / level / 1_024;
        result[`rssPerConnection@${level}`] = (after.rss - before.rss) / level / 1_024;
        result[`p50@${level}`] = latency.p50;
        result[`p99@${level}`] = latency.p99;
      }
      return result;
    } finally {
      await Promise.allSettled(clients.map((client) => client.task('release', {}, 120_000)));
    }
  },
  clientTasks: { open, warm, probe, release },
};
