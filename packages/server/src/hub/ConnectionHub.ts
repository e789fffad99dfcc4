import { CloseCode, type Codec, type ContractShape, type PresenceDefinition } from '@wirecall/core';
import { atConnectionLimit, atHandshakeLimit } from '../connection/closeReasons.js';
import { type ConnectionSettings, isAtConnectionLimit } from '../connection/connectionSettings.js';
import { ServerConnection } from '../connection/ServerConnection.js';
import type { LiveRegistry } from '../live/LiveRegistry.js';
import { type ServerPresence, serverPresence } from '../presence/ServerPresence.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { ConnectionRequest } from '../request.js';
import type { Route } from '../routes.js';
import type { CloseOptions, ServerOptions, ServerStats } from '../serverOptions.js';
import type { ServerSocket } from '../transport.js';
import { resolveSettings } from './serverSettings.js';

/**
 * The transport-agnostic heart of a server: admits connections from any adapter (within the
 * connection limit and the handshake budget, on a subprotocol it speaks), counts them and shuts
 * them down. It knows sockets only as {@link ServerSocket} and requests only as
 * {@link ConnectionRequest}; adapters make those from their runtime's.
 */
export class ConnectionHub {
  /** The connection settings for each subprotocol, in the server's order of preference. */
  readonly #settings: ReadonlyMap<string, ConnectionSettings>;
  /** The settings of the first subprotocol: what all subprotocols share. */
  readonly #shared: ConnectionSettings;
  #closing: Promise<void> | undefined;
  readonly #presences = new WeakMap<PresenceDefinition, ServerPresence<PresenceDefinition>>();

  constructor(routes: ReadonlyMap<string, Route>, options: ServerOptions<ContractShape, object>) {
    this.#settings = resolveSettings(routes, options);
    this.#shared = this.#settings.values().next().value as ConnectionSettings;
  }

  /** The server's pub/sub, the same `ctx.pubsub` handlers see. */
  get pubsub(): PubSub {
    return this.#shared.pubsub;
  }

  /** The server's live queries. */
  get live(): LiveRegistry {
    return this.#shared.live;
  }

  /** Server code's view of a presence: its rooms' members, and publishing to them. */
  presence<TProcedure extends PresenceDefinition>(
    procedure: TProcedure,
  ): ServerPresence<TProcedure> {
    let view = this.#presences.get(procedure);
    if (!view) {
      view = serverPresence(this.#shared.routes, this.#shared.presence, procedure);
      this.#presences.set(procedure, view);
    }
    return view as unknown as ServerPresence<TProcedure>;
  }

  /** The largest frame the server accepts, in bytes: adapters refuse larger ones (1009). */
  get maxMessageBytes(): number {
    return this.#shared.limits.maxMessageBytes;
  }

  /** Whether the server is shutting down: adapters then refuse new connections. */
  get closing(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * The subprotocol to agree to in the upgrade: the first one offered that the server speaks,
   * else the first one offered (the connection then opens and closes with 4406, which tells the
   * client why: WebSocket clients fail a handshake that names none with 1006 and no reason).
   */
  /** The codec of a subprotocol the server speaks; undefined for any other. */
  codecFor(subprotocol: string): Codec | undefined {
    return this.#settings.get(subprotocol)?.codec;
  }

  chooseSubprotocol(offered: Iterable<string>): string | false {
    let first: string | undefined;
    for (const subprotocol of offered) {
      if (this.#settings.has(subprotocol)) return subprotocol;
      first ??= subprotocol;
    }
    return first ?? false;
  }

  /** Live counts of connections, running calls and subscriptions. */
  stats(): ServerStats {
    let calls = 0;
    let subscriptions = 0;
    let backlog = 0;
    const { connections } = this.#shared;
    for (const connection of connections) {
      const counts = connection.countOperations();
      calls += counts.calls;
      subscriptions += counts.subscriptions;
      backlog = Math.max(backlog, counts.backlog);
    }
    return { connections: connections.size, calls, subscriptions, backlog };
  }

  /** Serves a connection over `socket`, opened by `request`, or closes it saying why not. */
  accept(socket: ServerSocket, request: ConnectionRequest): void {
    if (this.#closing) {
      socket.close(CloseCode.GOING_AWAY, 'Server shutting down');
      return;
    }
    if (isAtConnectionLimit(this.#shared)) {
      socket.close(CloseCode.TRY_AGAIN_LATER, atConnectionLimit);
      return;
    }
    const settings = this.#settings.get(socket.protocol);
    if (!settings) {
      const spoken = [...this.#settings.keys()].join(', ');
      // Subprotocols are ASCII tokens: 123 characters are the 123 bytes a close reason may have.
      const reason = `Unsupported subprotocol; this server speaks ${spoken}`.slice(0, 123);
      socket.close(CloseCode.UNSUPPORTED_PROTOCOL, reason);
      return;
    }
    const address = request.remoteAddress ?? '';
    if (!settings.handshakes.take(address)) {
      socket.close(CloseCode.TRY_AGAIN_LATER, atHandshakeLimit);
      return;
    }
    // It adds itself to the server's connections, and removes itself once closed.
    new ServerConnection(socket, request, settings, address);
  }

  /**
   * Stops admitting connections, lets running calls finish (up to `timeoutMs`), then closes
   * every connection with 1001; the same promise for every call.
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= this.#drainAll(options);
    return this.#closing;
  }

  async #drainAll({ timeoutMs = 0, retryAfterMs }: CloseOptions): Promise<void> {
    const reason =
      retryAfterMs === undefined
        ? 'Server shutting down'
        : `Server shutting down; retry-after=${Math.max(0, Math.round(retryAfterMs))}`;
    // First, so the members of closing connections stay (or leave) as `leaveOnShutdown` says.
    const presence = this.#shared.presence?.close();
    await Promise.all(
      [...this.#shared.connections].map((connection) => connection.drain(timeoutMs, reason)),
    );
    await presence;
  }
}
