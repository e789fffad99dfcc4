import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import WebSocket from 'ws';
import { closeWs, listenWs, webSocketFrom } from './openWs.js';
import { Publisher } from './publisher.js';
import { payloadSchema } from './schemas.js';
import type { BenchConnection, SystemAdapter } from './types.js';

const t = initTRPC.create();

function createRouter(publisher: Publisher) {
  return t.router({
    echo: t.procedure.input(payloadSchema).query(({ input }) => input),
    ticks: t.procedure.subscription(({ signal }) =>
      publisher.stream(signal ?? new AbortController().signal),
    ),
  });
}

type BenchRouter = ReturnType<typeof createRouter>;

/**
 * tRPC v11 over WebSocket: `applyWSSHandler` on a `ws` server, `createWSClient` + `wsLink` on the
 * client, zod input validation (tRPC validates no output unless told to).
 * Fan-out: the subscription procedure returns an async generator over its own queue in a shared
 * in-process {@link Publisher}, tRPC v11's recommended shape; tRPC sends one frame per event per
 * socket.
 */
export const trpc: SystemAdapter = {
  id: 'trpc',
  label: 'tRPC v11',

  async startServer(port) {
    const publisher = new Publisher();
    const { wss, url } = await listenWs(port);
    applyWSSHandler({ wss, router: createRouter(publisher), createContext: () => ({}) });
    return {
      url,
      connections: () => wss.clients.size,
      subscribers: () => publisher.size,
      publish: (count) => publisher.publish(count),
      close: () => closeWs(wss),
    };
  },

  async connect(url, options) {
    let wsClient: ReturnType<typeof createWSClient> | undefined;
    await new Promise<void>((resolve, reject) => {
      wsClient = createWSClient({
        url,
        // Node 20 has no global WebSocket.
        WebSocket: (options?.localAddress
          ? webSocketFrom(options.localAddress)
          : WebSocket) as unknown as typeof globalThis.WebSocket,
        onOpen: resolve,
        onError: () => reject(new Error('tRPC: connection failed')),
      });
    });
    const socket = wsClient as ReturnType<typeof createWSClient>;
    const client = createTRPCClient<BenchRouter>({ links: [wsLink({ client: socket })] });
    const subscriptions: { unsubscribe(): void }[] = [];
    const connection: BenchConnection = {
      call: (payload) => client.echo.query(payload),
      subscribe: (onEvent) =>
        new Promise((resolve) => {
          const subscription = client.ticks.subscribe(undefined, {
            onStarted: () => resolve(),
            onData: onEvent,
            onError: (error) => console.error(`tRPC: subscription failed: ${error.message}`),
          });
          subscriptions.push(subscription);
        }),
      async close() {
        for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
        await socket.close();
      },
    };
    return connection;
  },
};
