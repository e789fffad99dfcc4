import { createClient, RpcError } from '@wirecall/client';
import { resumeContract } from '../resumeContract.js';

/** What a chaos run measured. */
export interface ChaosFigures {
  /** Connections cut by the proxy, or server processes killed. */
  disruptions: number;
  durationMs: number;
  clients: number;
  /** Tracked events expected, summed over every subscription checked. */
  eventsExpected: number;
  eventsDelivered: number;
  eventsLost: number;
  eventsDuplicated: number;
  eventsOutOfOrder: number;
  calls: number;
  /** Calls that resolved with the right result. */
  callsOk: number;
  /** Calls that rejected with an RpcError (allowed only where the run says so). */
  callsTypedErrors: number;
  /** Calls that resolved wrongly or rejected with something other than an RpcError. */
  callsWrong: number;
  mutations: number;
  /** Executions of the mutation handler (in-process server only). */
  mutationRuns: number | undefined;
  unhandledRejections: number;
  heapBaselineBytes: number;
  heapEndBytes: number;
}

export type ChaosClient = ReturnType<typeof createChaosClient>;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client that reconnects fast, as chaos tests want. */
export function createChaosClient(url: string) {
  return createClient(resumeContract, {
    url,
    retry: { initialDelayMs: 5, maxDelayMs: 100 },
    heartbeat: { intervalMs: 2_000, timeoutMs: 1_000 },
    lifecycle: false,
  });
}

/** Checks a received sequence against the expected one: lost, duplicated and out of order. */
export function compareSequence(
  expected: readonly number[],
  received: readonly number[],
): { lost: number; duplicated: number; outOfOrder: number } {
  const seen = new Set(received);
  const lost = expected.filter((value) => !seen.has(value)).length;
  const duplicated = received.length - seen.size;
  let outOfOrder = 0;
  for (let i = 1; i < received.length; i++)
    if ((received[i] as number) <= (received[i - 1] as number)) outOfOrder++;
  return { lost, duplicated, outOfOrder };
}

/** A tracked `numbers` stream and what it delivered. */
export function watchNumbers(client: ChaosClient, count: number, intervalMs: number) {
  const received: number[] = [];
  const state = { complete: false, error: undefined as RpcError | undefined };
  const subscription = client.numbers.subscribe(
    { count, intervalMs },
    {
      onData: (value) => received.push(value),
      onComplete: () => {
        state.complete = true;
      },
      onError: (error) => {
        state.error = error;
      },
    },
  );
  return {
    received,
    state,
    subscription,
    expected: Array.from({ length: count }, (_, n) => n * 2),
  };
}

/** Call counters shared by the callers of one run. */
export interface CallTally {
  calls: number;
  ok: number;
  typedErrors: number;
  wrong: number;
  mutations: number;
}

/**
 * Keeps `concurrency` queries and mutations going on a client until `keepGoing` says stop:
 * each call is checked when it settles.
 */
export async function runCallers(
  client: ChaosClient,
  tally: CallTally,
  keepGoing: () => boolean,
  concurrency = 4,
): Promise<void> {
  const loop = async () => {
    let i = 0;
    while (keepGoing()) {
      i++;
      const ms = Math.floor(Math.random() * 20);
      tally.calls++;
      try {
        if (Math.random() < 0.5) {
          tally.mutations++;
          const total = await client.add({ by: 1, ms });
          if (typeof total === 'number' && total >= 1) tally.ok++;
          else tally.wrong++;
        } else {
          const n = i * 7;
          if ((await client.echo({ n, ms })) === n) tally.ok++;
          else tally.wrong++;
        }
      } catch (error) {
        if (error instanceof RpcError) tally.typedErrors++;
        else tally.wrong++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

/** Heap in use after a full garbage collection, when the runtime lets us force one. */
export async function measureHeap(): Promise<number> {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(10);
  }
  return process.memoryUsage().heapUsed;
}

/** Counts unhandled rejections while a run is going. */
export function countUnhandledRejections(): { count: () => number; stop: () => void } {
  let count = 0;
  const listener = () => {
    count++;
  };
  process.on('unhandledRejection', listener);
  return { count: () => count, stop: () => process.off('unhandledRejection', listener) };
}
