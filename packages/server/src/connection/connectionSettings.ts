import type { Codec } from '@wirecall/core';
import type { DedupeStore } from '../dedupe/dedupeStore.js';
import type { ErrorReporter } from '../errorBoundary.js';
import type { ServerLimits } from '../limits.js';
import type { LiveRegistry } from '../live/LiveRegistry.js';
import type { Logger } from '../logger.js';
import type { PresenceRooms } from '../presence/PresenceRooms.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { ConnectionRequest } from '../request.js';
import type { Route } from '../routes.js';
import type { ServerTelemetry } from '../telemetry/ServerTelemetry.js';
import type { HandshakeBudget } from './handshakeBudget.js';
import type { ServerHeartbeat } from './serverHeartbeat.js';

/** What the server's `context` function receives for each new connection. */
export interface ConnectionInit {
  /**
   * The request that opened the connection: URL, headers (cookies among them), remote address;
   * under the Node adapters the `IncomingMessage` itself is `request.raw`.
   */
  readonly request: ConnectionRequest;
  /** The params the client sent in its `hello` (untrusted: validate them). */
  readonly params: unknown;
}

/** What the server keeps of each open connection: enough to count and to drain it. */
export interface OpenConnection {
  /** How many calls and subscriptions are running, by kind. */
  countOperations(): { calls: number; subscriptions: number; backlog: number };
  /** Lets running calls finish (at most `timeoutMs`), then closes with 1001 and `reason`. */
  drain(timeoutMs: number, reason: string): Promise<void>;
}

/** The settings a connection shares with its server. */
export interface ConnectionSettings {
  readonly codec: Codec;
  readonly routes: ReadonlyMap<string, Route>;
  readonly createContext: (init: ConnectionInit) => object | PromiseLike<object>;
  readonly limits: ServerLimits;
  readonly validateOutput: boolean;
  readonly report: ErrorReporter;
  /** Where protocol violations and failed connections are logged. @default silent */
  readonly logger?: Logger;
  /** The server's `telemetry` option; undefined when nothing is measured. */
  readonly telemetry?: ServerTelemetry | undefined;
  readonly pubsub: PubSub;
  readonly dedupe: DedupeStore;
  /** The server's presence rooms. */
  readonly presence?: PresenceRooms | undefined;
  /** The server's live queries, shared by all its connections. */
  readonly live: LiveRegistry;
  /** The server's `identity` option: who a connection's user is, from its context. */
  readonly identify?: ((context: object) => string | undefined) | undefined;
  /** The server's one heartbeat, which watches all its connections. */
  readonly heartbeat: ServerHeartbeat;
  /** The server's open connections: each adds itself when created and removes itself once closed. */
  readonly connections: Set<OpenConnection>;
  /** Slots of connections still in the handshake; a connection gives its slot back when it ends. */
  readonly handshakes: HandshakeBudget;
}

/**
 * Whether the server's authenticated connections fill its `maxConnections`: those still in the
 * handshake are counted apart (their own budget), so a socket that never says `hello` takes no
 * place of an authenticated one.
 */
export function isAtConnectionLimit(settings: ConnectionSettings): boolean {
  const { connections, handshakes, limits } = settings;
  return connections.size - handshakes.pending >= limits.maxConnections;
}

/** The context of connections before the handshake and of servers without a `context` option. */
export const emptyContext: object = Object.freeze({});
