import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ConnectionHub } from '../hub/ConnectionHub.js';
import type { OriginPolicy } from '../origin.js';
import { describeNodeRequest } from './nodeRequest.js';
import { upgradeRefusal } from './upgradeRefusal.js';
import { fromWsSocket } from './ws.js';

const refusalResponse = (status: string, headers: Readonly<Record<string, string>>) => {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status}\r\n${lines.join('')}Connection: close\r\nContent-Length: 0\r\n\r\n`;
};

/**
 * Completes WebSocket upgrades of Node HTTP requests with `ws` and hands each connection to the
 * hub: refuses upgrades while the server shuts down (503) and from browser origins it does not
 * allow (403), and agrees to the subprotocol the hub chooses.
 */
export class WsUpgradeHandler {
  readonly #hub: ConnectionHub;
  readonly #allowedOrigins: OriginPolicy | undefined;
  /** Made at the first upgrade: a server served over other transports never needs one. */
  #wss: WebSocketServer | undefined;

  constructor(hub: ConnectionHub, allowedOrigins: OriginPolicy | undefined) {
    this.#hub = hub;
    this.#allowedOrigins = allowedOrigins;
  }

  /** Completes one upgrade from a Node HTTP server's `upgrade` event. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refused = upgradeRefusal(
      this.#hub,
      this.#allowedOrigins,
      request.headers.origin,
      request.headers.host,
    );
    if (refused) {
      socket.end(refusalResponse(`${refused.status} ${refused.statusText}`, refused.headers));
      return;
    }
    this.#server().handleUpgrade(request, socket, head, (ws) =>
      this.#hub.accept(fromWsSocket(ws, socket), describeNodeRequest(request)),
    );
  }

  /** Stops the `ws` server; the connections are the hub's to close. */
  close(): void {
    this.#wss?.close();
  }

  #server(): WebSocketServer {
    this.#wss ??= new WebSocketServer({
      noServer: true,
      // The hub keeps its own set of connections; ws's would cost a set entry and a 'close'
      // listener per connection.
      clientTracking: false,
      maxPayload: this.#hub.maxMessageBytes,
      handleProtocols: (offered) => this.#hub.chooseSubprotocol(offered),
    });
    return this.#wss;
  }
}
