import { type Client, type ClientOptions, type CloseInfo, createClient } from '@wirecall/client';
import { startTcpProxy, type TcpProxy } from '../tcpProxy.js';
import { conformanceContract } from './conformanceContract.js';
import type { ConformanceServer, StartConformanceServer } from './conformanceTarget.js';

/** Reconnects at once after a drop: the cases cut connections on purpose. */
const fastRetry = { initialDelayMs: 10, maxDelayMs: 50 } as const;

/** One case's world: a fresh server, a TCP proxy in front of it and a typed client through it. */
export interface ConformanceFixture extends AsyncDisposable {
  readonly server: ConformanceServer;
  /** Between the client and the server: `cut()` drops the connection, `stall()` black-holes it. */
  readonly proxy: TcpProxy;
  /** The proxied `ws://` URL of the server, for more clients. */
  readonly url: string;
  /** The server's own URL, without the proxy. */
  readonly directUrl: string;
  readonly client: Client<typeof conformanceContract>;
  /** Every close the client saw, in order. */
  readonly closes: readonly CloseInfo[];
  /** Another client on the proxied URL, closed with the fixture. */
  openClient(options?: Partial<ClientOptions>): Client<typeof conformanceContract>;
}

/** Starts a server with `start`, a proxy and a client; `await using` tears all of it down. */
export async function openConformanceFixture(
  start: StartConformanceServer,
  clientOptions: Partial<ClientOptions> = {},
): Promise<ConformanceFixture> {
  const server = await start();
  const target = new URL(server.url);
  if (target.hostname !== '127.0.0.1') {
    await server.close();
    throw new Error(`A conformance server must listen on 127.0.0.1, got ${server.url}`);
  }
  const proxy = await startTcpProxy(Number(target.port));
  const url = proxy.url(`${target.pathname}${target.search}`);
  const clients: Array<Client<typeof conformanceContract>> = [];
  const openClient = (options: Partial<ClientOptions> = {}) => {
    const client = createClient(conformanceContract, { url, retry: fastRetry, ...options });
    clients.push(client);
    return client;
  };
  const closes: CloseInfo[] = [];
  const client = openClient(clientOptions);
  client.on('close', (info) => closes.push(info));
  return {
    server,
    proxy,
    url,
    directUrl: server.url,
    client,
    closes,
    openClient,
    async [Symbol.asyncDispose]() {
      for (const each of clients) each.close();
      await proxy[Symbol.asyncDispose]();
      await server.close();
    },
  };
}

/** Resolves after `ms`. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long `expect.poll` waits for a server-side effect: generous, for a loaded machine. */
export const polling = { timeout: 5_000, interval: 20 } as const;
