import { isRpcError } from '@wirecall/client';
import { startTcpProxy } from '../tcpProxy.js';
import { waitFor } from '../waitFor.js';
import {
  type CallTally,
  type ChaosFigures,
  compareSequence,
  countUnhandledRejections,
  createChaosClient,
  measureHeap,
  runCallers,
  watchNumbers,
} from './chaosLoad.js';
import { type ServerProcess, spawnServerProcess } from './serverProcess.js';

/** Options of {@link runKillChaos}. */
export interface KillChaosOptions {
  clients?: number;
  /** Server processes killed with SIGKILL and restarted. */
  kills?: number;
  /** Events each stream must advance between restarts before the next kill. */
  eventsBetweenKills?: number;
}

/** What a kill run measured, on top of {@link ChaosFigures}. */
export interface KillChaosFigures extends ChaosFigures {
  /** Pub/sub subscriptions told `RESUME_GAP` (the in-memory pub/sub died with its process). */
  resumeGaps: number;
}

/**
 * Clients run queries, mutations and a deterministic tracked stream against a server in a child
 * process that is killed (SIGKILL) and restarted again and again. The stream must resume with no
 * gap and no duplicate; every call must settle with its result or a typed error; a pub/sub
 * subscription, whose in-memory replay buffer died with the process, must be told `RESUME_GAP`.
 */
export async function runKillChaos(options: KillChaosOptions = {}): Promise<KillChaosFigures> {
  const clientCount = options.clients ?? 2;
  const kills = options.kills ?? 5;
  const eventsBetweenKills = options.eventsBetweenKills ?? 25;
  const rejections = countUnhandledRejections();
  let server: ServerProcess = await spawnServerProcess();
  const proxy = await startTcpProxy(server.port);
  const clients = Array.from({ length: clientCount }, () => createChaosClient(proxy.url()));
  try {
    const feeds = clients.map((client) => {
      const state = { gap: false };
      const subscription = client.feed.subscribe(
        { topic: 'chaos' },
        {
          onData: () => {},
          onError: (error) => {
            state.gap = isRpcError(error, 'RESUME_GAP');
          },
        },
      );
      return { state, subscription };
    });
    await waitFor(() => feeds.every((feed) => feed.subscription.lastEventId !== undefined), {
      timeoutMs: 20_000,
    });
    const heapBaselineBytes = await measureHeap();
    const startedAt = Date.now();
    // Long enough to outlast every restart; one event per 2 ms while a server is up.
    const streamLength = (kills + 2) * eventsBetweenKills * 4;
    const streams = clients.map((client) => watchNumbers(client, streamLength, 2));

    let killsDone = 0;
    let killing = true;
    const killer = (async () => {
      while (killsDone < kills) {
        const marks = streams.map((stream) => stream.received.length);
        await waitFor(
          () =>
            streams.every(
              (stream, i) =>
                stream.state.complete ||
                stream.received.length >= (marks[i] as number) + eventsBetweenKills,
            ),
          { timeoutMs: 30_000 },
        );
        await server.kill();
        server = await spawnServerProcess();
        proxy.retarget(server.port);
        killsDone++;
      }
      killing = false;
    })();
    const tally: CallTally = { calls: 0, ok: 0, typedErrors: 0, wrong: 0, mutations: 0 };
    await Promise.all([
      killer,
      ...clients.map((client) => runCallers(client, tally, () => killing, 2)),
    ]);
    await waitFor(() => streams.every((stream) => stream.state.complete || stream.state.error), {
      timeoutMs: 30_000,
    }).catch(() => {}); // what is missing is counted below
    const durationMs = Date.now() - startedAt;
    let eventsDelivered = 0;
    let eventsLost = 0;
    let eventsDuplicated = 0;
    let eventsOutOfOrder = 0;
    for (const stream of streams) {
      const comparison = compareSequence(stream.expected, stream.received);
      eventsDelivered += stream.received.length;
      eventsLost += comparison.lost;
      eventsDuplicated += comparison.duplicated;
      eventsOutOfOrder += comparison.outOfOrder;
    }
    for (const stream of streams) stream.subscription.unsubscribe();
    const heapEndBytes = await measureHeap();
    return {
      disruptions: killsDone,
      durationMs,
      clients: clientCount,
      eventsExpected: streamLength * clientCount,
      eventsDelivered,
      eventsLost,
      eventsDuplicated,
      eventsOutOfOrder,
      calls: tally.calls,
      callsOk: tally.ok,
      callsTypedErrors: tally.typedErrors,
      callsWrong: tally.wrong,
      mutations: tally.mutations,
      mutationRuns: undefined,
      resumeGaps: feeds.filter((feed) => feed.state.gap).length,
      unhandledRejections: rejections.count(),
      heapBaselineBytes,
      heapEndBytes,
    };
  } finally {
    rejections.stop();
    for (const client of clients) client.close();
    await proxy[Symbol.asyncDispose]();
    await server.kill();
  }
}
