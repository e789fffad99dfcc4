import { type Client, createClient } from '@wirecall/client';
import { defineContract, query, subscription } from '@wirecall/core';
import { createServer } from '@wirecall/server';
import { Publisher } from './publisher.js';
import { payloadSchema, tickSchema } from './schemas.js';
import { BENCH_MAX_MESSAGE_BYTES, type BenchConnection, type SystemAdapter } from './types.js';

const benchContract = defineContract({
  echo: query({ input: payloadSchema, output: payloadSchema }),
  ticks: subscription({ event: tickSchema }),
});

/**
 * wirecall over HTTP + Server-Sent Events (`transport: 'http'`), its defaults otherwise: the
 * calls of one turn go as one POST answered as NDJSON, each client's subscriptions share one
 * event stream. The server is the same `listen()` that serves WebSockets, on Node's `fetch`
 * (undici) as the client's HTTP. Fan-out as in the WebSocket system: one generator per subscriber
 * over a shared in-process {@link Publisher}.
 */
export const wirecallHttp: SystemAdapter = {
  id: 'wirecall-http',
  label: 'wirecall http',
  transport: 'http',

  async startServer(port) {
    const publisher = new Publisher();
    const server = createServer(benchContract, {
      handlers: {
        echo: (input) => input,
        ticks: (_input, ctx) => publisher.stream(ctx.signal),
      },
      maxMessageBytes: BENCH_MAX_MESSAGE_BYTES,
    });
    const { url } = await server.listen({ port, host: '127.0.0.1' });
    return {
      url: url.replace(/^ws/, 'http'),
      connections: () => server.stats().connections,
      subscribers: () => publisher.size,
      publish: (count) => publisher.publish(count),
      close: () => server.close(),
    };
  },

  async connect(url) {
    const client: Client<typeof benchContract> = createClient(benchContract, {
      url,
      transport: 'http',
    });
    await new Promise<void>((resolve, reject) => {
      const offOpen = client.on('open', () => {
        offOpen();
        offClose();
        resolve();
      });
      const offClose = client.on('close', (info) => {
        offOpen();
        offClose();
        reject(new Error(`wirecall http: closed during handshake (${info.code} ${info.reason})`));
      });
      client.connect();
    });
    const subscriptions: { unsubscribe(): void }[] = [];
    const connection: BenchConnection = {
      call: (payload) => client.echo(payload),
      async subscribe(onEvent) {
        subscriptions.push(
          client.ticks.subscribe(undefined, {
            onData: onEvent,
            onError: (error) =>
              console.error(`wirecall http: subscription failed: ${error.message}`),
          }),
        );
      },
      async close() {
        for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
        client.close();
      },
    };
    return connection;
  },
};
