import { hrtime } from 'node:process';
import { percentile } from '../stats.js';
import { closeAll, connectMany } from './connectMany.js';
import { assertEcho, makePayload } from './payload.js';
import type { BenchMode, ClientEnv, Workload } from './types.js';

interface LatencyParams {
  /** Calls before measuring: enough for every system's hot path to be optimised, or p99 measures the JIT. */
  readonly warmupCalls: number;
  readonly calls: number;
}

async function runLatency(env: ClientEnv, params: LatencyParams) {
  const [connection] = await connectMany(env.system, env.url, 1);
  if (!connection) throw new Error('No connection');
  try {
    for (let n = 0; n < params.warmupCalls; n++)
      assertEcho(await connection.call(makePayload(n)), n);
    const micros: number[] = [];
    for (let n = 0; n < params.calls; n++) {
      const payload = makePayload(n);
      const start = hrtime.bigint();
      const echoed = await connection.call(payload);
      micros.push(Number(hrtime.bigint() - start) / 1_000);
      assertEcho(echoed, n);
    }
    return { p50: percentile(micros, 50), p99: percentile(micros, 99) };
  } finally {
    await closeAll([connection]);
  }
}

/** Round-trip latency of sequential calls (one in flight) on one socket, as p50 and p99. */
export const latency: Workload<LatencyParams> = {
  id: 'latency',
  title: 'Latency of sequential calls on one socket',
  clientProcesses: 1,
  metrics: [
    { key: 'p50', label: 'p50', unit: 'µs', better: 'lower' },
    { key: 'p99', label: 'p99', unit: 'µs', better: 'lower' },
  ],
  params: (mode: BenchMode) =>
    mode === 'short' ? { warmupCalls: 1_000, calls: 1_000 } : { warmupCalls: 2_000, calls: 3_000 },
  async run({ clients }, params) {
    return (await clients[0]?.task('run', params, 60_000)) as Record<string, number>;
  },
  clientTasks: { run: runLatency },
};
