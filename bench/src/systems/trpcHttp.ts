import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { EventSource } from 'eventsource';
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
 * tRPC v11 over HTTP, its documented setup for it: `httpBatchLink` for calls (as POSTs, with
 * `methodOverride`, as wirecall sends them: 64 payloads do not fit a GET's URL) and
 * `httpSubscriptionLink` for subscriptions, one Server-Sent Events stream per subscription,
 * on the standalone adapter. Node 20 has no `EventSource`: the `eventsource` package's, which
 * tRPC's docs name.
 */
export const trpcHttp: SystemAdapter = {
  id: 'trpc-http',
  label: 'tRPC v11 http',
  transport: 'http',

  async startServer(port) {
    const publisher = new Publisher();
    const server = createHTTPServer({
      router: createRouter(publisher),
      createContext: () => ({}),
      allowMethodOverride: true,
    });
    let open = 0;
    server.on('request', (_request, response) => {
      open++;
      response.once('close', () => open--);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    return {
      url: `http://127.0.0.1:${bound}`,
      connections: () => open,
      subscribers: () => publisher.size,
      publish: (count) => publisher.publish(count),
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  },

  async connect(url) {
    const client = createTRPCClient<BenchRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url, EventSource }),
          false: httpBatchLink({ url, methodOverride: 'POST' }),
        }),
      ],
    });
    const subscriptions: { unsubscribe(): void }[] = [];
    const connection: BenchConnection = {
      call: (payload) => client.echo.query(payload),
      subscribe: (onEvent) =>
        new Promise((resolve) => {
          const subscription = client.ticks.subscribe(undefined, {
            onStarted: () => resolve(),
            onData: onEvent,
            onError: (error) => console.error(`tRPC http: subscription failed: ${error.message}`),
          });
          subscriptions.push(subscription);
        }),
      async close() {
        for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
      },
    };
    return connection;
  },
};
