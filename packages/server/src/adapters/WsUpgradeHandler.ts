import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ConnectionHub } from '../hub/ConnectionHub.js';
import { isOriginAllowed, type OriginPolicy } from '../origin.js';
import { describeNodeRequest } from './nodeRequest.js';
import { fromWsSocket } from './ws.js';

const refusal = (status: string, headers = '') =>
  `HTTP/1.1 ${status}\r\n${headers}Connection: close\r\nContent-Length: 0\r\n\r\n`;

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
    if (this.#hub.closing) {
      socket.end(refusal('503 Service Unavailable', 'Retry-After: 1\r\n'));
      return;
    }
    if (!isOriginAllowed(this.#allowedOrigins, request.headers.origin, request.headers.host)) {
      socket.end(refusal('403 Forbidden'));
      return;
    }
    this.#server().handleUpgrade(request, socket, head, (ws) =>
      this.#hub.accept(fromWsSocket(ws), describeNodeRequest(request)),
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
