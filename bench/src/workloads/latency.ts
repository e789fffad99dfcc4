import { hrtime } from 'node:process';
import { percentile } from '../stats.js';
import { heldConnection, releaseHeld } from './heldConnection.js';
import { assertEcho, makePayload } from './payload.js';
import type { BenchMode, ClientEnv, Workload } from './types.js';

interface LatencyParams {
  /** Calls before the first slice: enough for every system's hot path to be optimised, or p99 measures the JIT. */
  readonly warmupCalls: number;
  /** Calls before every later slice, after the other systems had the CPU: caches, not the JIT. */
  readonly rewarmCalls: number;
  /** Calls measured in one slice. */
  readonly calls: number;
}

const HELD = 'latency.connection';

async function runSlice(env: ClientEnv, params: LatencyParams) {
  const { connection, fresh } = await heldConnection(env, HELD);
  const warmup = fresh ? params.warmupCalls : params.rewarmCalls;
  for (let n = 0; n < warmup; n++) assertEcho(await connection.call(makePayload(n)), n);
  const micros: number[] = [];
  for (let n = 0; n < params.calls; n++) {
    const payload = makePayload(n);
    const start = hrtime.bigint();
    const echoed = await connection.call(payload);
    micros.push(Number(hrtime.bigint() - start) / 1_000);
    assertEcho(echoed, n);
  }
  return { p50: percentile(micros, 50), p99: percentile(micros, 99) };
}

/**
 * Round-trip latency of sequential calls (one in flight) on one socket, as p50 and p99. A run is
 * many short slices taking turns with the other systems, each paired with the raw ws slice of its
 * round: a machine that changes speed mid-run then moves both sides of a pair, not one system.
 */
export const latency: Workload<LatencyParams> = {
  id: 'latency',
  title: 'Latency of sequential calls on one socket',
  clientProcesses: 1,
  slices: { short: 12, full: 24 },
  paired: true,
  metrics: [
    { key: 'p50', label: 'p50', unit: 'µs', better: 'lower' },
    { key: 'p99', label: 'p99', unit: 'µs', better: 'lower' },
  ],
  params: (mode: BenchMode) =>
    mode === 'short'
      ? { warmupCalls: 1_000, rewarmCalls: 50, calls: 300 }
      : { warmupCalls: 2_000, rewarmCalls: 100, calls: 600 },
  async run({ clients }, params) {
    return (await clients[0]?.task('run', params, 60_000)) as Record<string, number>;
  },
  async finish({ clients }) {
    await clients[0]?.task('release', {}, 10_000);
  },
  clientTasks: { run: runSlice, release: (env) => releaseHeld(env, HELD) },
};
