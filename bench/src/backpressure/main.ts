/**
 * `pnpm bench:backpressure`: what a stalled or slow consumer costs. A server process offers a
 * million events; the client (this process) stops reading, or reads slowly, and we measure the
 * server's RSS growth, the client's memory and, for the slow reader, that every event arrives in
 * order. Then the other way round: the client makes a burst of calls while the link to the
 * server is paused, and we measure the client's RSS and that every call settles. All traffic
 * stays on 127.0.0.1.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assertBuiltWirecall, buildIfStale } from '../environment.js';
import { backpressureContract } from './contract.js';

const MiB = 1024 * 1024;
const EVENTS = Number(process.env.BACKPRESSURE_EVENTS ?? 1_000_000);
/** The burst scenario: calls made in one synchronous loop, each with this much input. */
const BURST_CALLS = 20_000;
const BURST_CALL_BYTES = 10_000;
/** The most the burst may grow the client's RSS by. */
const BURST_RSS_LIMIT = 64 * MiB;

interface ServerStats {
  readonly rss: number;
  readonly heapUsed: number;
  readonly produced: number;
}

function request<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string } & T) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

function clientMemory() {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

async function main(): Promise<void> {
  buildIfStale();
  assertBuiltWirecall();
  // Imported after the build, so the run measures the packages as they are now.
  const { createClient, isRpcError } = await import('@wirecall/client');
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port, proxyPort } = await request<{ port: number; proxyPort: number }>(child, 'ready');
  const client = createClient(backpressureContract, { url: `ws://127.0.0.1:${port}` });
  const rows: Array<Record<string, string | number>> = [];
  try {
    // 1. A generator behind a reader that stops after 10 events.
    {
      await request(child, 'reset');
      const server0 = await request<ServerStats>(child, 'stats');
      const client0 = clientMemory();
      const iterator = client.flood.subscribe({ count: EVENTS })[Symbol.asyncIterator]();
      for (let i = 0; i < 10; i++) await iterator.next();
      await pause(3_000);
      const server1 = await request<ServerStats>(child, 'stats');
      const client1 = clientMemory();
      await iterator.return?.();
      rows.push({
        scenario: 'stalled reader, generator',
        'events produced': server1.produced,
        'server RSS growth': mib(server1.rss - server0.rss),
        'client heap growth': mib(client1.heapUsed - client0.heapUsed),
      });
    }
    // 2. A push source that emits a million events at a reader that stops after 10.
    {
      await request(child, 'reset');
      const server0 = await request<ServerStats>(child, 'stats');
      const client0 = clientMemory();
      const sub = client.firehose.subscribe({ count: EVENTS });
      const iterator = sub[Symbol.asyncIterator]();
      for (let i = 0; i < 10; i++) await iterator.next();
      let server1 = await request<ServerStats>(child, 'stats');
      while (server1.produced < EVENTS) {
        await pause(200);
        server1 = await request<ServerStats>(child, 'stats');
      }
      const client1 = clientMemory();
      // Read what the window holds and the conflated tail: the drops are counted, not hidden.
      let last = -1;
      while (last < EVENTS - 1) {
        const step = await iterator.next();
        if (step.done) break;
        last = step.value.n;
      }
      rows.push({
        scenario: 'stalled reader, push source (drop-oldest, 1,000)',
        'events produced': server1.produced,
        'server RSS growth': mib(server1.rss - server0.rss),
        'client heap growth': mib(client1.heapUsed - client0.heapUsed),
        'dropped (told to client)': sub.dropped,
      });
      await iterator.return?.();
    }
    // 3. A slow reader: every event must arrive, in order.
    {
      await request(child, 'reset');
      const server0 = await request<ServerStats>(child, 'stats');
      const started = Date.now();
      let expected = 0;
      let outOfOrder = 0;
      let peakServer = 0;
      let peakClientHeap = 0;
      const client0 = clientMemory();
      for await (const event of client.flood.subscribe({ count: EVENTS })) {
        if (event.n !== expected) outOfOrder++;
        expected = event.n + 1;
        // The reader does a little work per event and yields to the event loop.
        if (event.n % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        if (event.n % 100_000 === 0) {
          const stats = await request<ServerStats>(child, 'stats');
          peakServer = Math.max(peakServer, stats.rss - server0.rss);
          peakClientHeap = Math.max(
            peakClientHeap,
            process.memoryUsage().heapUsed - client0.heapUsed,
          );
        }
        if (expected === EVENTS) break;
      }
      const seconds = (Date.now() - started) / 1_000;
      rows.push({
        scenario: 'slow reader, generator',
        'events received': expected,
        'out of order': outOfOrder,
        'events/s': Math.round(expected / seconds),
        'server RSS growth (peak)': mib(peakServer),
        'client heap growth (peak)': mib(peakClientHeap),
      });
      if (expected !== EVENTS || outOfOrder !== 0) process.exitCode = 1;
    }
    // 4. A burst of calls from the client while the link is paused: with the client's defaults,
    // its memory stays bounded and every call settles once the link resumes.
    {
      await request(child, 'reset');
      const burst = createClient(backpressureContract, { url: `ws://127.0.0.1:${proxyPort}` });
      try {
        await burst.record({ n: -1, pad: '' });
        await request(child, 'pause');
        const client0 = clientMemory();
        let peakRss = 0;
        let peakBuffered = 0;
        const sample = () => {
          peakRss = Math.max(peakRss, process.memoryUsage().rss - client0.rss);
          peakBuffered = Math.max(peakBuffered, burst.stats().bufferedAmount);
        };
        const pad = 'x'.repeat(BURST_CALL_BYTES);
        const outcomes: Array<Promise<string>> = [];
        const started = Date.now();
        for (let n = 0; n < BURST_CALLS; n++) {
          outcomes.push(
            burst.record({ n, pad }).then(
              () => 'ok',
              (error: unknown) => (isRpcError(error) ? error.code : 'not an RpcError'),
            ),
          );
          if (n % 100 === 0) sample();
        }
        const burstMs = Date.now() - started;
        for (let check = 0; check < 15; check++) {
          await pause(100);
          sample();
        }
        await request(child, 'resume');
        const settled = await Promise.all(outcomes);
        const seconds = (Date.now() - started) / 1_000;
        const { ids } = await request<{ ids: number[] }>(child, 'recorded');
        const resolved = settled.flatMap((outcome, n) => (outcome === 'ok' ? [n] : []));
        const ran = ids.filter((n) => n >= 0).sort((a, b) => a - b);
        const exact = ran.length === resolved.length && ran.every((n, i) => n === resolved[i]);
        const count = (code: string) => settled.filter((outcome) => outcome === code).length;
        const other = settled.length - count('ok') - count('BACKPRESSURE');
        rows.push({
          scenario: `burst of ${BURST_CALLS.toLocaleString('en')} calls of 10 KB over a paused link (client defaults)`,
          'burst loop': `${burstMs} ms`,
          ok: count('ok'),
          BACKPRESSURE: count('BACKPRESSURE'),
          'settled otherwise': other,
          'all settled after resume in': `${seconds.toFixed(1)} s`,
          'server ran exactly the ok calls': exact ? 'yes' : 'no',
          'client RSS growth (peak)': mib(peakRss),
          'client buffered (peak)': `${(peakBuffered / 1024).toFixed(0)} KiB`,
        });
        if (!exact || other !== 0 || peakRss >= BURST_RSS_LIMIT) process.exitCode = 1;
      } finally {
        burst.close();
      }
    }
  } finally {
    client.close();
    child.send({ type: 'exit' });
  }
  console.log(
    `\nBackpressure: ${EVENTS.toLocaleString('en')} events offered per subscription scenario\n`,
  );
  for (const row of rows) {
    console.log(`- ${row.scenario}`);
    for (const [key, value] of Object.entries(row)) {
      if (key !== 'scenario') console.log(`    ${key}: ${value}`);
    }
  }
}

await main();
