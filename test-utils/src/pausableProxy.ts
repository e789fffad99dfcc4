import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';

/** A TCP proxy that can stop and restart forwarding without losing a byte. */
export interface PausableProxy extends AsyncDisposable {
  readonly port: number;
  /** `ws://127.0.0.1:<port><path>` */
  url(path?: string): string;
  /** Bytes forwarded from clients to the server so far. */
  readonly bytesToServer: number;
  /**
   * Stops reading on every open connection, both ways: what is in flight stays in the kernels'
   * buffers, which fill until each sender's writes back up, as over a congested link.
   */
  pause(): void;
  /** Reads again: everything held back is forwarded, in order. */
  resume(): void;
}

/** Sockets paused by `pause()`: a drain must not resume them. */
const pausedSockets = new WeakSet<Socket>();

/** Stops reading a socket until `resume()`. */
function hold(socket: Socket): void {
  pausedSockets.add(socket);
  socket.pause();
}

/**
 * Copies `from` to `to`, waiting for `to` to drain when it is full, so a slow receiver slows the
 * sender instead of piling up here. (`pipe` would resume a source paused by hand on a drain.)
 */
function forward(from: Socket, to: Socket, count: (bytes: number) => void): void {
  from.on('data', (chunk) => {
    count(chunk.byteLength);
    if (to.write(chunk)) return;
    from.pause();
    to.once('drain', () => {
      if (!pausedSockets.has(from)) from.resume();
    });
  });
}

/**
 * Starts a proxy from 127.0.0.1:<random> to 127.0.0.1:<targetPort> whose connections can be
 * paused and resumed. Unlike a cut or a stall, nothing is dropped: a paused connection only
 * stops taking bytes, so backpressure builds up at both ends as it would on a slow network.
 */
export async function startPausableProxy(targetPort: number): Promise<PausableProxy> {
  const pairs = new Set<readonly [Socket, Socket]>();
  let paused = false;
  let bytesToServer = 0;
  const server: Server = createServer((client) => {
    const upstream = new NetSocket();
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on('error', forget);
      socket.on('close', forget);
    }
    forward(client, upstream, (bytes) => {
      bytesToServer += bytes;
    });
    forward(upstream, client, () => {});
    if (paused) for (const socket of pair) hold(socket);
    upstream.connect(targetPort, '127.0.0.1');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    get bytesToServer() {
      return bytesToServer;
    },
    pause() {
      paused = true;
      for (const pair of pairs) for (const socket of pair) hold(socket);
    },
    resume() {
      paused = false;
      for (const pair of pairs)
        for (const socket of pair) {
          pausedSockets.delete(socket);
          socket.resume();
        }
    },
    async [Symbol.asyncDispose]() {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
