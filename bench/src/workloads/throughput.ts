import { performance } from 'node:perf_hooks';
import { closeAll, connectMany } from './connectMany.js';
import { heldConnection, releaseHeld } from './heldConnection.js';
import { assertEcho, makePayload } from './payload.js';
import type { BenchMode, ClientEnv, Workload } from './types.js';

interface ThroughputParams {
  /** Calls kept in flight on the one socket. */
  readonly inFlight: number;
  /** Calls made before measuring, to warm the JIT on both sides (the first slice only, when sliced). */
  readonly warmupMs: number;
  /** Calls made before every later slice, after the other systems had the CPU. */
  readonly rewarmMs: number;
  readonly durationMs: number;
}

/** Keeps `inFlight` calls going until `endAt`; returns how many completed. */
export async function drive(
  call: (n: number) => Promise<void>,
  inFlight: number,
  endAt: number,
): Promise<number> {
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

const HELD = 'throughput.connection';

async function runThroughput(env: ClientEnv, params: ThroughputParams & { sliced: boolean }) {
  const held = params.sliced ? await heldConnection(env, HELD) : undefined;
  const connection = held?.connection ?? (await connectMany(env.system, env.url, 1))[0];
  if (!connection) throw new Error('No connection');
  try {
    const call = async (n: number) => assertEcho(await connection.call(makePayload(n)), n);
    const warmupMs = held && !held.fresh ? params.rewarmMs : params.warmupMs;
    await drive(call, params.inFlight, performance.now() + warmupMs);
    const startedAt = performance.now();
    const completed = await drive(call, params.inFlight, startedAt + params.durationMs);
    const seconds = (performance.now() - startedAt) / 1_000;
    return { callsPerSec: completed / seconds };
  } finally {
    if (!held) await closeAll([connection]);
  }
}

/**
 * Call throughput on one socket: `inFlight` calls outstanding at all times (a closed loop), each
 * echoing a number and a 100-character string, counted over a fixed duration. With one call in
 * flight a run is many short slices taking turns with the other systems and paired with raw ws's
 * slice of the same round, like the latency workload: that figure follows the machine's mood.
 */
export function createThroughputWorkload(inFlight: number): Workload<ThroughputParams> {
  const sliced = inFlight === 1;
  return {
    id: `throughput-${inFlight}`,
    title: `Call throughput, ${inFlight} in flight on one socket`,
    clientProcesses: 1,
    ...(sliced ? { slices: { short: 12, full: 24 }, paired: true } : {}),
    metrics: [{ key: 'callsPerSec', label: 'calls/s', unit: 'calls/s', better: 'higher' }],
    params: (mode: BenchMode) => {
      if (sliced) {
        return mode === 'short'
          ? { inFlight, warmupMs: 300, rewarmMs: 30, durationMs: 200 }
          : { inFlight, warmupMs: 500, rewarmMs: 50, durationMs: 400 };
      }
      return mode === 'short'
        ? { inFlight, warmupMs: 200, rewarmMs: 0, durationMs: 500 }
        : { inFlight, warmupMs: 400, rewarmMs: 0, durationMs: 1_500 };
    },
    async run({ clients }, params) {
      const timeoutMs = params.warmupMs + params.durationMs + 30_000;
      return (await clients[0]?.task('run', { ...params, sliced }, timeoutMs)) as Record<
        string,
        number
      >;
    },
    ...(sliced
      ? {
          async finish({ clients }) {
            await clients[0]?.task('release', {}, 10_000);
          },
        }
      : {}),
    clientTasks: { run: runThroughput as never, release: (env) => releaseHeld(env, HELD) },
  };
}
