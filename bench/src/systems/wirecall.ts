import { type Client, createClient } from '@wirecall/client';
import { type Codec, defineContract, query, subscription } from '@wirecall/core';
import { createServer } from '@wirecall/server';
import { webSocketFrom } from './openWs.js';
import { Publisher } from './publisher.js';
import { payloadSchema, tickSchema } from './schemas.js';
import {
  BENCH_MAX_CONNECTIONS,
  BENCH_MAX_MESSAGE_BYTES,
  type BenchConnection,
  type SystemAdapter,
} from './types.js';

/** The contract of every wirecall system of the bench: an echo call and the fan-out stream. */
export const benchContract = defineContract({
  echo: query({ input: payloadSchema, output: payloadSchema }),
  ticks: subscription({ event: tickSchema }),
});

/**
 * wirecall with `codec` on both sides and otherwise its defaults (input and output validation),
 * except `maxConnections` and `maxMessageBytes`, raised for the scale workloads.
 * Fan-out: each subscription's handler is an async generator over its own queue in a shared
 * in-process {@link Publisher}; wirecall pulls from it and sends one frame per event per socket.
 */
export function wirecallWith(
  system: Pick<SystemAdapter, 'id' | 'label'>,
  codec: Codec | undefined,
): SystemAdapter {
  const codecOption = codec ? { codec } : {};
  return {
    ...system,

    async startServer(port) {
      const publisher = new Publisher();
      const server = createServer(benchContract, {
        handlers: {
          echo: (input) => input,
          ticks: (_input, ctx) => publisher.stream(ctx.signal),
        },
        // Raised so the scale workloads fit; every other limit keeps its default.
        maxConnections: BENCH_MAX_CONNECTIONS,
        maxMessageBytes: BENCH_MAX_MESSAGE_BYTES,
        ...codecOption,
      });
      const { url } = await server.listen({ port, host: '127.0.0.1' });
      return {
        url,
        connections: () => server.stats().connections,
        subscribers: () => publisher.size,
        publish: (count) => publisher.publish(count),
        close: () => server.close(),
      };
    },

    async connect(url, options) {
      const client: Client<typeof benchContract> = createClient(benchContract, {
        url,
        ...(options?.localAddress
          ? { WebSocket: webSocketFrom(options.localAddress) as never }
          : {}),
        ...codecOption,
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
          reject(
            new Error(`wirecall: connection closed during handshake (${info.code} ${info.reason})`),
          );
        });
        client.connect();
      });
      const subscriptions: { unsubscribe(): void }[] = [];
      const connection: BenchConnection = {
        call: (payload) => client.echo(payload),
        async subscribe(onEvent) {
          const subscription = client.ticks.subscribe(undefined, {
            onData: onEvent,
            onError: (error) => console.error(`wirecall: subscription failed: ${error.message}`),
          });
          subscriptions.push(subscription);
        },
        async close() {
          // Closing the client would end live subscriptions with CONNECTION_CLOSED errors.
          for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
          client.close();
        },
      };
      return connection;
    },
  };
}

/** wirecall with its defaults (JSON codec), as users install it. */
export const wirecall = wirecallWith({ id: 'wirecall', label: 'wirecall' }, undefined);
