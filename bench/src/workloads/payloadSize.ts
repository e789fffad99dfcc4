import { performance } from 'node:perf_hooks';
import { heldConnection, releaseHeld } from './heldConnection.js';
import { assertEcho, makePayload } from './payload.js';
import { drive } from './throughput.js';
import type { BenchMode, ClientEnv, Workload } from './types.js';

interface PayloadSizeParams {
  /** Characters (bytes, ASCII) of the string each call echoes, at each level. */
  readonly levels: readonly number[];
  /** Calls kept in flight on the one socket. */
  readonly inFlight: number;
  /** Warm-up before each level; the first level warms for ten times as long. */
  readonly warmupMs: number;
  readonly durationMs: number;
}

const HELD = 'payload-size.connection';

async function runLevel(
  env: ClientEnv,
  args: { size: number; inFlight: number; warmupMs: number; durationMs: number },
) {
  const { connection } = await heldConnection(env, HELD);
  const call = async (n: number) =>
    assertEcho(await connection.call(makePayload(n, args.size)), n, args.size);
  await drive(call, args.inFlight, performance.now() + args.warmupMs);
  const startedAt = performance.now();
  const completed = await drive(call, args.inFlight, startedAt + args.durationMs);
  const seconds = (performance.now() - startedAt) / 1_000;
  return { callsPerSec: completed / seconds, completed };
}

/**
 * How call cost grows with payload size, 100 B to 1 MiB: echo calls with a string of each size
 * (validated against the same schema as the other workloads), a few in flight on one socket.
 * MiB/s counts the echoed string once per call (what the application sent), not the envelope.
 * wirecall's and socket.io's frame limits are raised to 8 MiB in the bench for the 1 MiB level.
 */
export const payloadSize: Workload<PayloadSizeParams> = {
  id: 'payload-size',
  title: 'Call throughput by payload size',
  clientProcesses: 1,
  maxRuns: { short: 1, full: 3 },
  levelLabel: 'bytes',
  levels: (params) => params.levels,
  metrics: [
    { key: 'callsPerSec', label: 'calls/s', unit: 'calls/s', better: 'higher' },
    { key: 'mibPerSec', label: 'payload', unit: 'MiB/s', better: 'higher' },
  ],
  params: (mode: BenchMode) => ({
    levels: mode === 'short' ? [100, 10_240, 1_048_576] : [100, 1_024, 10_240, 102_400, 1_048_576],
    inFlight: 4,
    warmupMs: mode === 'short' ? 50 : 100,
    durationMs: mode === 'short' ? 300 : 1_000,
  }),
  async run({ clients }, params) {
    const [client] = clients;
    if (!client) throw new Error('No client process');
    const result: Record<string, number> = {};
    for (const [index, size] of params.levels.entries()) {
      const warmupMs = index === 0 ? params.warmupMs * 10 : params.warmupMs;
      const { callsPerSec } = (await client.task(
        'run',
        { size, inFlight: params.inFlight, warmupMs, durationMs: params.durationMs },
        120_000,
      )) as { callsPerSec: number };
      result[`callsPerSec@${size}`] = callsPerSec;
      result[`mibPerSec@${size}`] = (callsPerSec * size) / 1_048_576;
    }
    return result;
  },
  async finish({ clients }) {
    await clients[0]?.task('release', {}, 10_000);
  },
  clientTasks: { run: runLevel, release: (env) => releaseHeld(env, HELD) },
};
