import type { ServerMessage } from '@wirecall/core';
import type { ErrorReporter } from '../errorBoundary.js';

/** What a running call or subscription needs from its connection. */
export interface OperationHost {
  /** The connection's context, as built by the server's `context` option. */
  readonly context: object;
  /** Whether outputs and events are checked against the contract before they are sent. */
  readonly validateOutput: boolean;
  /** Where unexpected errors go. */
  readonly report: ErrorReporter;
  /** Sends one message to the client; a promise asks the caller to wait before sending more. */
  send(message: ServerMessage): void | Promise<void>;
}
