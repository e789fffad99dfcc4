import { createServer, Socket as NetSocket, type Socket } from 'node:net';

/**
 * An HTTP proxy on loopback that passes plain requests and refuses WebSocket upgrades with 403,
 * as corporate proxies that strip `Upgrade` do, until `allowUpgrades()`.
 */
export interface UpgradeBlockingProxy extends AsyncDisposable {
  readonly port: number;
  /** `ws://127.0.0.1:<port><path>` */
  url(path?: string): string;
  /** Upgrades refused so far. */
  readonly refused: number;
  /** Upgrades passed so far. */
  readonly upgraded: number;
  /** Passes upgrades from now on (the proxy was fixed). */
  allowUpgrades(): void;
}

const refusal = 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/** Starts a proxy that forwards to 127.0.0.1:<targetPort>, refusing upgrades. */
export async function startUpgradeBlockingProxy(targetPort: number): Promise<UpgradeBlockingProxy> {
  let blocking = true;
  let refused = 0;
  let upgraded = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.once('data', (first: Buffer) => {
      // The first bytes hold the request head: WebSocket clients open a connection of their own.
      const isUpgrade = /^upgrade:\s*websocket/im.test(first.toString('latin1'));
      if (isUpgrade && blocking) {
        refused++;
        client.end(refusal);
        return;
      }
      if (isUpgrade) upgraded++;
      const upstream = new NetSocket();
      open.add(upstream);
      upstream.on('close', () => open.delete(upstream));
      upstream.connect(targetPort, '127.0.0.1', () => {
        upstream.write(first);
        client.pipe(upstream).pipe(client);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    get refused() {
      return refused;
    },
    get upgraded() {
      return upgraded;
    },
    allowUpgrades: () => {
      blocking = false;
    },
    async [Symbol.asyncDispose]() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
