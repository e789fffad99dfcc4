import { CloseCode } from '@wirecall/core';

/** What a graceful drain needs of its connection. */
export interface DrainableConnection {
  /** Whether the connection has closed and stopped its operations. */
  isClosed(): boolean;
  /** Whether the peer's socket has closed (its closing handshake is over). */
  isSocketClosed(): boolean;
  /** How many calls (not subscriptions) still run. */
  runningCalls(): number;
  /** Runs `listener` once the connection has closed (at once if it has). */
  onClosed(listener: () => void): void;
  /** Closes the socket and stops every operation, mutations included. */
  close(code: number, reason: string, stopAll: boolean): void;
}

/** How long a drain waits for the peer's close reply before it resolves anyway. */
const CLOSE_REPLY_WAIT_MS = 1_000;

/**
 * A connection's graceful drain on server shutdown: no new operations start, running calls get
 * up to a deadline to settle, then the socket closes with 1001 so the client reconnects
 * elsewhere. Made only when the server drains: a connection that never does costs none.
 */
export class ConnectionDrain {
  readonly #connection: DrainableConnection;
  /** Those waiting for the closing handshake to be over. */
  #socketClosedListeners: Array<() => void> | undefined;
  /** Set while calls are awaited: closes the connection. */
  #closeNow: (() => void) | undefined;

  constructor(connection: DrainableConnection) {
    this.#connection = connection;
  }

  /** Whether the drain waits for running calls: operations the client starts meanwhile are not run. */
  get waitsForCalls(): boolean {
    return this.#closeNow !== undefined;
  }

  /**
   * Starts the drain and resolves once the connection has closed. Operations the client sends
   * meanwhile are not started: its reconnect re-sends them to another server.
   */
  run(timeoutMs: number, reason: string): Promise<void> {
    const connection = this.#connection;
    return new Promise((resolve) => {
      // Resolves when the closing handshake is over, or a moment after asking for it: a peer
      // that never answers is the transport's to time out, not a reason to hang shutdown.
      const settle = () => {
        if (connection.isSocketClosed()) return resolve();
        this.#socketClosedListeners ??= [];
        this.#socketClosedListeners.push(resolve);
        setTimeout(resolve, CLOSE_REPLY_WAIT_MS).unref?.();
      };
      connection.onClosed(settle);
      if (connection.isClosed()) return;
      const closeNow = () => connection.close(CloseCode.GOING_AWAY, reason, true);
      if (connection.runningCalls() === 0 || timeoutMs <= 0) {
        closeNow();
        return;
      }
      const deadline = setTimeout(closeNow, timeoutMs);
      connection.onClosed(() => clearTimeout(deadline));
      this.#closeNow = closeNow;
    });
  }

  /** An operation settled or stopped: the drain closes the connection with its last call. */
  operationEnded(): void {
    if (this.#closeNow && this.#connection.runningCalls() === 0) this.#closeNow();
  }

  /** The peer's socket closed: releases those waiting for the closing handshake. */
  socketClosed(): void {
    const listeners = this.#socketClosedListeners;
    this.#socketClosedListeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }
}
