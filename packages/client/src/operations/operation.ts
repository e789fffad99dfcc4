import type {
  CallMessage,
  ClientMessage,
  OperationId,
  RpcError,
  ServerMessage,
  SubscribeMessage,
} from '@wirecall/core';
import type { CallDeadlines } from './CallDeadlines.js';

/** Server messages that belong to one operation. */
export type OperationMessage = Extract<ServerMessage, { readonly id: OperationId }>;

/** A call or subscription the client keeps until it settles. */
export interface Operation {
  readonly id: OperationId;
  /** Calls are limited in flight by the server; subscriptions are not. */
  readonly kind: 'call' | 'subscription';
  /** Whether the start message went out on the current socket. */
  sent: boolean;
  /**
   * The size of a call's encoded message while the client's admission counts it (see
   * CallAdmission); undefined before it is admitted and once it is released.
   */
  admittedSize?: number | undefined;
  /**
   * The message that starts (or, after a reconnect, restarts) the operation on the server, made
   * when it is about to be sent: a waiting operation holds its input, not an encoded frame.
   */
  startMessage(): CallMessage | SubscribeMessage;
  /** Handles a message the server sent for this operation. */
  handle(message: OperationMessage): void;
  /**
   * The socket dropped. With `willRetry`, the operation waits to be sent again on the next
   * connection; otherwise it ends with `error`.
   */
  connectionLost(error: RpcError, willRetry: boolean): void;
  /** Ends the operation with `error` without telling the server (it never heard of it, or is gone). */
  fail(error: RpcError): void;
}

/** What operations need from the client that owns them. */
export interface OperationOwner {
  /** Sends a message if connected; returns whether it was sent. */
  send(message: ClientMessage): boolean;
  /** Forgets a settled operation. */
  release(operation: Operation): void;
  /** Times out calls, one timer per distinct timeout. */
  readonly deadlines: CallDeadlines;
}
