import { memoryPubSub } from '@wirecall/server';
import { resumeContract } from '../resumeContract.js';
import { createResumeHandlers } from '../resumeHandlers.js';
import { startServer } from '../startServer.js';
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
  sleep,
  watchNumbers,
} from './chaosLoad.js';

/** Options of {@link runCutChaos}. */
export interface CutChaosOptions {
  clients?: number;
  /** Connections cut by the proxy, at random moments. */
  cuts?: number;
  /** Milliseconds between cuts: random in [min, max]. */
  cutIntervalMs?: readonly [min: number, max: number];
  /** Length of each client's handler-made tracked stream. */
  streamLength?: number;
}

/**
 * Clients run queries, mutations, a pub/sub subscription and a tracked stream through a TCP
 * proxy that cuts every connection at random moments; the server process stays up. Returns what
 * was lost, duplicated and settled.
 */
export async function runCutChaos(options: CutChaosOptions = {}): Promise<ChaosFigures> {
  const clientCount = options.clients ?? 4;
  const cuts = options.cuts ?? 25;
  const [minGap, maxGap] = options.cutIntervalMs ?? [20, 80];
  const streamLength = options.streamLength ?? 600;
  const rejections = countUnhandledRejections();
  const { handlers, log } = createResumeHandlers();
  const started = await startServer(resumeContract, {
    handlers,
    pubsub: memoryPubSub({ replayBufferSize: 100_000 }),
  });
  const proxy = await startTcpProxy(started.port);
  const clients = Array.from({ length: clientCount }, () => createChaosClient(proxy.url()));
  try {
    const feeds = clients.map((client) => {
      const received: number[] = [];
      const subscription = client.feed.subscribe(
        { topic: 'chaos' },
        { onData: ({ n }) => received.push(n) },
      );
      return { received, subscription };
    });
    await waitFor(() => feeds.every((feed) => feed.subscription.lastEventId !== undefined), {
      timeoutMs: 20_000,
    });
    const heapBaselineBytes = await measureHeap();
    const startedAt = Date.now();
    const streams = clients.map((client) => watchNumbers(client, streamLength, 2));

    let cutsDone = 0;
    let cutting = true;
    const cutter = (async () => {
      while (cutsDone < cuts) {
        await sleep(minGap + Math.random() * (maxGap - minGap));
        proxy.cut();
        cutsDone++;
      }
      cutting = false;
    })();
    let published = 0;
    const publisher = (async () => {
      while (cutting) {
        await started.server.pubsub.publish('chaos', { n: published++ });
        await sleep(Math.random() * 4);
      }
    })();
    const tally: CallTally = { calls: 0, ok: 0, typedErrors: 0, wrong: 0, mutations: 0 };
    await Promise.all([
      cutter,
      publisher,
      ...clients.map((client) => runCallers(client, tally, () => cutting)),
    ]);

    const expectedFeed = Array.from({ length: published }, (_, n) => n);
    await waitFor(
      () =>
        feeds.every((feed) => feed.received.length >= published) &&
        streams.every((stream) => stream.state.complete || stream.state.error),
      { timeoutMs: 30_000 },
    ).catch(() => {}); // what is missing is counted below
    const durationMs = Date.now() - startedAt;
    let eventsExpected = 0;
    let eventsDelivered = 0;
    let eventsLost = 0;
    let eventsDuplicated = 0;
    let eventsOutOfOrder = 0;
    for (const [expected, received] of [
      ...feeds.map((feed) => [expectedFeed, feed.received] as const),
      ...streams.map((stream) => [stream.expected, stream.received] as const),
    ]) {
      const comparison = compareSequence(expected, received);
      eventsExpected += expected.length;
      eventsDelivered += received.length;
      eventsLost += comparison.lost;
      eventsDuplicated += comparison.duplicated;
      eventsOutOfOrder += comparison.outOfOrder;
    }
    for (const feed of feeds) feed.subscription.unsubscribe();
    for (const stream of streams) stream.subscription.unsubscribe();
    const heapEndBytes = await measureHeap();
    return {
      disruptions: cutsDone,
      durationMs,
      clients: clientCount,
      eventsExpected,
      eventsDelivered,
      eventsLost,
      eventsDuplicated,
      eventsOutOfOrder,
      calls: tally.calls,
      callsOk: tally.ok,
      callsTypedErrors: tally.typedErrors,
      callsWrong: tally.wrong,
      mutations: tally.mutations,
      mutationRuns: log.addRuns,
      unhandledRejections: rejections.count(),
      heapBaselineBytes,
      heapEndBytes,
    };
  } finally {
    rejections.stop();
    for (const client of clients) client.close();
    await proxy[Symbol.asyncDispose]();
    await started[Symbol.asyncDispose]();
  }
}
