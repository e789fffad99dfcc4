import { performance } from 'node:perf_hooks';
import { closeAll, connectMany } from './connectMany.js';
import { assertEcho, makePayload } from './payload.js';
import type { BenchMode, ClientEnv, Workload } from './types.js';

interface ThroughputParams {
  /** Calls kept in flight on the one socket. */
  readonly inFlight: number;
  /** Calls made before measuring, to warm the JIT on both sides. */
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** Keeps `inFlight` calls going until `endAt`; returns how many completed. */
async function drive(call: (n: number) => Promise<void>, inFlight: number, endAt: number) {
  let completed = 0;
  let n = 0;
  const lane = async () => {
    while (performance.now() < endAt) {
      await call(n++);
      completed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return completed;
}

async function runThroughput(env: ClientEnv, params: ThroughputParams) {
  const [connection] = await connectMany(env.system, env.url, 1);
  if (!connection) throw new Error('No connection');
  try {
    const call = async (n: number) => assertEcho(await connection.call(makePayload(n)), n);
    await drive(call, params.inFlight, performance.now() + params.warmupMs);
    const startedAt = performance.now();
    const completed = await drive(call, params.inFlight, startedAt + params.durationMs);
    const seconds = (performance.now() - startedAt) / 1_000;
    return { callsPerSec: completed / seconds };
  } finally {
    await closeAll([connection]);
  }
}

/**
 * Call throughput on one socket: `inFlight` calls outstanding at all times (a closed loop), each
 * echoing a number and a 100-character string, counted over a fixed duration.
 */
export function createThroughputWorkload(inFlight: number): Workload<ThroughputParams> {
  return {
    id: `throughput-${inFlight}`,
    title: `Call throughput, ${inFlight} in flight on one socket`,
    clientProcesses: 1,
    metrics: [{ key: 'callsPerSec', label: 'calls/s', unit: 'calls/s', better: 'higher' }],
    params: (mode: BenchMode) =>
      mode === 'short'
        ? { inFlight, warmupMs: 200, durationMs: 500 }
        : { inFlight, warmupMs: 400, durationMs: 1_500 },
    async run({ clients }, params) {
      const timeoutMs = params.warmupMs + params.durationMs + 30_000;
      return (await clients[0]?.task('run', params, timeoutMs)) as Record<string, number>;
    },
    clientTasks: { run: runThroughput },
  };
}
