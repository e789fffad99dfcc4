import type { Codec, Frame, OperationId, ServerMessage } from '@wirecall/core';
import type { DedupeStore } from '../dedupe/dedupeStore.js';
import type { ErrorReporter } from '../errorBoundary.js';
import type { LiveRegistry } from '../live/LiveRegistry.js';
import type { RateLimitCheck } from '../middleware/rateLimitStore.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { ServerTelemetry } from '../telemetry/ServerTelemetry.js';

/** What a running call or subscription needs from its connection. */
export interface OperationHost {
  /** The connection's context, as built by the server's `context` option. */
  readonly context: object;
  /** Whether outputs and events are checked against the contract before they are sent. */
  readonly validateOutput: boolean;
  /** Where unexpected errors go. */
  readonly report: ErrorReporter;
  /** The server's pub/sub, reachable from handlers as `ctx.pubsub`. */
  readonly pubsub: PubSub;
  /** The server's live queries: where watches join evaluations and invalidations go. */
  readonly live: LiveRegistry;
  /** Where mutations' outcomes are kept by idempotency key. */
  readonly dedupe: DedupeStore;
  /** The client's session id from its `hello`, which scopes idempotency keys; none if it sent none. */
  readonly session: string | undefined;
  /**
   * Who the connection's user is, as the server's `identity` option derived it from the context:
   * scopes idempotency keys besides the session id. None without that option or for anonymous users.
   */
  readonly identity: string | undefined;
  /** The close code the socket closed with (1006 or none for a dropped one); undefined while open. */
  readonly closeCode?: number | undefined;
  /** The server's telemetry: spans and counts; undefined when nothing is measured. */
  readonly telemetry?: ServerTelemetry | undefined;
  /**
   * A rate limit checked a request of this connection: its transport may tell the client (HTTP
   * answers with `RateLimit-*` headers). Undefined where nothing listens.
   */
  readonly rateLimited?: ((check: RateLimitCheck) => void) | undefined;
  /**
   * A call passed its middleware and its handler runs now: HTTP sends its answer's head once
   * every call of the batch has (its rate-limit checks are all made). Undefined elsewhere.
   */
  readonly callAdmitted?: ((id: OperationId) => void) | undefined;
  /** Sends one message to the client; a promise asks the caller to wait before sending more. */
  send(message: ServerMessage): void | Promise<void>;
  /** The codec the connection speaks: what a frame given to `sendFrame` is encoded with. */
  readonly codec?: Codec | undefined;
  /**
   * Sends one frame already encoded with `codec` (a broadcast event's), as `send` sends a
   * message. Undefined where the transport takes messages only.
   */
  sendFrame?(frame: Frame): void | Promise<void>;
  /**
   * Resolves when the socket has drained below its high-water mark; undefined when it is below
   * already. Subscriptions wait for it before pulling their next event, calls before answering.
   */
  writable(): Promise<void> | undefined;
}
