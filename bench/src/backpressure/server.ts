/**
 * The backpressure benchmark's server process: serves the contract on 127.0.0.1 and answers the
 * parent's `stats` requests with its memory and how many events its sources produced.
 */
import { createServer } from '@wirecall/server';
import { backpressureContract, PAD } from './contract.js';

let produced = 0;

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
  },
});

const { port } = await server.listen({ port: 0 });
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'stats', rss, heapUsed, produced });
  } else if (message.type === 'reset') {
    produced = 0;
    process.send?.({ type: 'reset' });
  } else if (message.type === 'exit') {
    void server.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', port });
