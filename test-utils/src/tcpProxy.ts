import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';

/** A TCP proxy on loopback between a client and a server, for cutting and stalling connections. */
export interface TcpProxy extends AsyncDisposable {
  readonly port: number;
  /** `ws://127.0.0.1:<port><path>` */
  url(path?: string): string;
  /** Number of proxied connections currently open. */
  readonly connections: number;
  /** Destroys every open connection at once (both sides see a reset, not a close frame). */
  cut(): void;
  /**
   * Stops forwarding on every open connection, in both directions, while keeping them open: a
   * black hole, as after a cable pull or a sleeping laptop. New connections work normally.
   */
  stall(): void;
  /** Points new connections at another port (a restarted server). */
  retarget(port: number): void;
  /** Refuses new connections until `accept()` (closes them at once). */
  refuse(): void;
  accept(): void;
}

/** Starts a proxy that forwards 127.0.0.1:<random> to 127.0.0.1:<targetPort>. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  let refusing = false;
  const pairs = new Set<[Socket, Socket]>();
  const stalled = new WeakSet<Socket>();
  const server: Server = createServer((client) => {
    client.on('error', () => {});
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = new NetSocket();
    // Like `ws` does on its own sockets: without it, Nagle's algorithm and delayed ACKs add
    // ~40 ms to small messages that follow each other.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.connect(target, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', forget);
    upstream.on('close', forget);
    client.on('data', (chunk) => {
      if (!stalled.has(client)) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!stalled.has(client)) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    get connections() {
      return pairs.size;
    },
    cut() {
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      pairs.clear();
    },
    stall() {
      for (const [client, upstream] of pairs) {
        stalled.add(client);
        // Stop reading too, so the senders' kernel buffers fill up as over a dead link.
        client.pause();
        upstream.pause();
      }
    },
    retarget(newPort) {
      target = newPort;
    },
    refuse() {
      refusing = true;
    },
    accept() {
      refusing = false;
    },
    async [Symbol.asyncDispose]() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
