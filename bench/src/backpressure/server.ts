/**
 * The backpressure benchmark's server process: serves the contract on 127.0.0.1, behind a TCP
 * proxy the parent can pause and resume (here, so its buffers are not counted as the client's),
 * and answers the parent's `stats` requests with its memory, how many events its sources
 * produced and which calls it ran.
 */
import { createServer } from '@wirecall/server';
import { startPausableProxy } from '@wirecall/test-utils';
import { backpressureContract, PAD } from './contract.js';

let produced = 0;
const recorded = new Set<number>();

const server = createServer(backpressureContract, {
  handlers: {
    async *flood({ count }) {
      for (let n = 0; n < count; n++) {
        produced++;
        yield { n, pad: PAD };
      }
    },
    async *firehose({ count }, ctx) {
      const queue = ctx.queue();
      let n = 0;
      // Emits in bursts of 10,000 per turn of the event loop, never waiting for the reader.
      const emit = () => {
        for (const end = Math.min(count, n + 10_000); n < end; n++) {
          produced++;
          queue.push({ n, pad: PAD });
        }
        if (n < count && !ctx.signal.aborted) setImmediate(emit);
      };
      emit();
      yield* queue;
    },
    record({ n }) {
      recorded.add(n);
      return n;
    },
  },
});

const { port } = await server.listen({ port: 0 });
const proxy = await startPausableProxy(port);
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'stats', rss, heapUsed, produced });
  } else if (message.type === 'reset') {
    produced = 0;
    recorded.clear();
    process.send?.({ type: 'reset' });
  } else if (message.type === 'recorded') {
    process.send?.({ type: 'recorded', ids: [...recorded] });
  } else if (message.type === 'pause' || message.type === 'resume') {
    proxy[message.type]();
    process.send?.({ type: message.type });
  } else if (message.type === 'exit') {
    void Promise.all([server.close(), proxy[Symbol.asyncDispose]()]).then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', port, proxyPort: proxy.port });
