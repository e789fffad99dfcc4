import type { OverflowPolicy } from '../contract/flowOptions.js';
import type { SerializedRpcError } from '../errors/RpcError.js';

/** The WebSocket subprotocol of this version of the wire protocol. */
export const PROTOCOL_V1 = 'wirecall.v1';

/**
 * Identifies one call or subscription on a connection. Chosen by the client: a positive safe
 * integer, unique among the client's operations that are still running.
 */
export type OperationId = number;

// ── Client → server ────────────────────────────────────────────────────────────

/** First message of every connection: carries the connection params used to build the context. */
export interface HelloMessage {
  readonly type: 'hello';
  /** Connection params (auth tokens and the like); never in the URL, which ends up in logs. */
  readonly params?: unknown;
  /**
   * The client's session id, stable across its reconnects (1 to 128 characters): scopes the
   * idempotency keys of its mutations.
   */
  readonly session?: string;
  /**
   * The client takes frames that carry several messages (a JSON array of them, in order): the
   * server then batches what it sends in one tick into one frame.
   */
  readonly batch?: boolean;
}

/** Runs a query or mutation; answered by exactly one `result` or `error`. */
export interface CallMessage {
  readonly type: 'call';
  readonly id: OperationId;
  /** Dotted path of the procedure, e.g. `chat.send`. */
  readonly path: string;
  readonly input?: unknown;
  /**
   * Idempotency key of a mutation (1 to 128 characters), unique within the session: a call
   * re-sent after a reconnect with the same key is answered from the first run's outcome.
   */
  readonly key?: string;
}

/** Abandons a call; the server aborts the handler's signal and sends nothing more for it. */
export interface CancelMessage {
  readonly type: 'cancel';
  readonly id: OperationId;
}

/** Starts a subscription; answered by `subscribed`, then `event`*, then `complete` or `error`. */
export interface SubscribeMessage {
  readonly type: 'subscribe';
  readonly id: OperationId;
  readonly path: string;
  readonly input?: unknown;
  /** Resume cursor: the id of the last event the client received, or the last `cursor` it was given. */
  readonly lastEventId?: string;
  /**
   * Flow control: how many events the server may send before the client grants more with
   * `credit` (0 to 2^31 - 1). Absent: no flow control, events flow as fast as the socket takes them.
   */
  readonly credit?: number;
  /** Overrides the contract's overflow policy for push sources. */
  readonly overflow?: OverflowPolicy;
  /** Overrides the contract's buffer size (events held for this subscriber before the policy applies). */
  readonly bufferSize?: number;
}

/**
 * Grants a subscription more events: the client has taken `credit` events off its hands. The
 * server keeps the sum at most 2^31 - 1.
 */
export interface CreditMessage {
  readonly type: 'credit';
  readonly id: OperationId;
  /** 1 to 2^31 - 1 more events. */
  readonly credit: number;
}

/** Ends a subscription from the client's side; the server sends nothing more for it. */
export interface UnsubscribeMessage {
  readonly type: 'unsubscribe';
  readonly id: OperationId;
}

/** Asks the peer for a `pong`; either side may send it. */
export interface PingMessage {
  readonly type: 'ping';
}

/** Answers a `ping`. */
export interface PongMessage {
  readonly type: 'pong';
}

/** Every message a client may send. */
export type ClientMessage =
  | HelloMessage
  | CallMessage
  | CancelMessage
  | SubscribeMessage
  | CreditMessage
  | UnsubscribeMessage
  | PingMessage
  | PongMessage;

// ── Server → client ────────────────────────────────────────────────────────────

/** The limits a server enforces on each connection, advertised in `welcome`. */
export interface ConnectionLimits {
  /** Calls (queries and mutations) the server runs at once for this connection; clients queue the rest. */
  readonly maxCallsInFlight: number;
  /** Subscriptions the connection may hold at once. */
  readonly maxSubscriptions: number;
  /** Largest frame the server accepts, in bytes. */
  readonly maxMessageBytes: number;
}

/** Accepts the connection after `hello`; no other server message comes before it. */
export interface WelcomeMessage {
  readonly type: 'welcome';
  /** The connection's limits; absent from servers that predate them. */
  readonly limits?: ConnectionLimits;
  /**
   * The server takes frames that carry several messages (a JSON array of them, in order): the
   * client may then batch what it sends in one tick into one frame.
   */
  readonly batch?: boolean;
}

/** The successful outcome of a call. */
export interface ResultMessage {
  readonly type: 'result';
  readonly id: OperationId;
  readonly output?: unknown;
  /**
   * Mutations that invalidated live queries: the connection's live version once its live queries
   * reflect the mutation. The server sends the answer after their new results, so a client that
   * has the answer has them too (read-your-own-writes).
   */
  readonly liveVersion?: number;
}

/** The failed outcome of a call, or the end of a subscription by error. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly id: OperationId;
  readonly error: SerializedRpcError;
  /** Subscriptions: events the overflow policy dropped since the last event, so none goes untold. */
  readonly dropped?: number;
}

/** A subscription's input was valid and its handler started. */
export interface SubscribedMessage {
  readonly type: 'subscribed';
  readonly id: OperationId;
}

/** One event of a subscription. */
export interface EventMessage {
  readonly type: 'event';
  readonly id: OperationId;
  readonly data: unknown;
  /** Present for tracked events: the cursor to resume after this event. */
  readonly eventId?: string;
  /** How many events the overflow policy dropped since the previous event of this subscription. */
  readonly dropped?: number;
}

/**
 * Where the subscription's source stood when it started, before any event: resuming from it
 * after a drop replays what was published meanwhile.
 */
export interface CursorMessage {
  readonly type: 'cursor';
  readonly id: OperationId;
  readonly lastEventId: string;
}

/** The subscription's source ended; nothing more comes for this id. */
export interface CompleteMessage {
  readonly type: 'complete';
  readonly id: OperationId;
  /** Events the overflow policy dropped since the last event, so none goes untold. */
  readonly dropped?: number;
}

/** Every message a server may send. */
export type ServerMessage =
  | WelcomeMessage
  | ResultMessage
  | ErrorMessage
  | SubscribedMessage
  | EventMessage
  | CursorMessage
  | CompleteMessage
  | PingMessage
  | PongMessage;

/** Any message of the protocol. */
export type Message = ClientMessage | ServerMessage;
