import { type Client, createClient } from '@wirecall/client';
import { type Codec, defineContract, query, subscription } from '@wirecall/core';
import { createServer } from '@wirecall/server';
import { webSocketFrom } from './openWs.js';
import { pacedPublish } from './pacedPublish.js';
import { payloadSchema, tickSchema } from './schemas.js';
import {
  BENCH_MAX_CONNECTIONS,
  BENCH_MAX_HANDSHAKES_PER_IP,
  BENCH_MAX_MESSAGE_BYTES,
  type BenchConnection,
  type SystemAdapter,
  type TickEvent,
} from './types.js';

/** The pub/sub topic of the fan-out stream. */
const TOPIC = 'ticks';
/**
 * A subscriber holding more events than this at the server (waiting for credit or a drained
 * socket) makes the publisher wait: well below the default `bufferSize` of 1,000, past which
 * the default overflow policy would end the subscription.
 */
const HIGH_WATER_EVENTS = 256;

/** The contract of every wirecall system of the bench: an echo call and the fan-out stream. */
export const benchContract = defineContract({
  echo: query({ input: payloadSchema, output: payloadSchema }),
  ticks: subscription({ event: tickSchema }),
});

/**
 * wirecall with `codec` on both sides and otherwise its defaults (input and output validation),
 * except `maxConnections`, `maxHandshakesPerIp` and `maxMessageBytes`, raised for the scale
 * workloads.
 * Fan-out: each subscription's handler returns `ctx.pubsub.subscribe(topic)`, the in-memory
 * pub/sub, as apps do; the publisher waits while any subscriber's backlog at the server
 * (`server.stats().backlog`) is above a high-water mark, as raw ws waits on `bufferedAmount`.
 */
export function wirecallWith(
  system: Pick<SystemAdapter, 'id' | 'label'>,
  codec: Codec | undefined,
): SystemAdapter {
  const codecOption = codec ? { codec } : {};
  return {
    ...system,

    async startServer(port) {
      const server = createServer(benchContract, {
        handlers: {
          echo: (input) => input,
          ticks: (_input, ctx) => ctx.pubsub.subscribe<TickEvent>(TOPIC),
        },
        // Raised so the scale workloads fit; every other limit keeps its default.
        maxConnections: BENCH_MAX_CONNECTIONS,
        maxHandshakesPerIp: BENCH_MAX_HANDSHAKES_PER_IP,
        maxMessageBytes: BENCH_MAX_MESSAGE_BYTES,
        ...codecOption,
      });
      const { url } = await server.listen({ port, host: '127.0.0.1' });
      return {
        url,
        connections: () => server.stats().connections,
        subscribers: () => server.stats().subscriptions,
        publish: (count) =>
          pacedPublish(
            count,
            (seq) => void server.pubsub.publish(TOPIC, { seq } satisfies TickEvent),
            () => server.stats().backlog > HIGH_WATER_EVENTS,
          ),
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
