import type { ClientConnectionOptions, CloseInfo } from './connection/ClientConnection.js';
import type { ConnectionState } from './connection/connectionState.js';
import type { Timers } from './connection/timers.js';
import type { ClientTelemetry } from './telemetry/ClientTelemetry.js';

/** Events a client emits, for connection banners and logging. */
export interface ClientEvents {
  /** The connection state changed. */
  state: [state: ConnectionState, previous: ConnectionState];
  /** The handshake completed; calls flow (again). */
  open: [];
  /** A socket closed (or failed to open). */
  close: [info: CloseInfo];
  /** Something went wrong that no call owns (a bad frame from the server, failing params). */
  error: [error: Error];
}

/** Settings the client runs with, after defaults. */
export interface ClientSettings
  extends Omit<
    ClientConnectionOptions,
    'onOpen' | 'onMessage' | 'onStateChange' | 'onDrop' | 'onError' | 'isIdle'
  > {
  readonly timeoutMs: number;
  readonly waitForConnection: boolean;
  /** Connect on first use and disconnect after `idleTimeoutMs` with nothing running. */
  readonly lazy: boolean;
  readonly idleTimeoutMs: number;
  readonly maxPendingCalls: number;
  readonly maxPendingBytes: number;
  readonly whenQueueFull: 'wait' | 'fail';
  readonly highWaterMark: number;
  readonly timers: Timers;
  /** The client's `telemetry` option; undefined when nothing is traced. */
  readonly telemetry?: ClientTelemetry | undefined;
}

/** Live counts of what a client holds, for monitoring and tests. */
export interface ClientStats {
  /** Calls admitted to the queue and not settled (queued or in flight). */
  readonly calls: number;
  readonly subscriptions: number;
  /** Encoded bytes of the admitted calls. */
  readonly pendingBytes: number;
  /** Calls on the wire, within the server's `maxCallsInFlight`. */
  readonly callsInFlight: number;
  /** Operations admitted but not sent yet (offline, at the in-flight limit, or socket full). */
  readonly queued: number;
  /** Calls waiting for room in the queue (`whenQueueFull: 'wait'`). */
  readonly waiting: number;
  /**
   * Bytes encoded and not written yet: the socket's buffer and the batch being made. Stays at or
   * under `highWaterMark` (or one message, if a single message is larger).
   */
  readonly bufferedAmount: number;
}
