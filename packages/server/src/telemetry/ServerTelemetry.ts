import type { SerializedRpcError, TraceContext } from '@wirecall/core';
import type { ProcedureKind } from '../middleware/middleware.js';

/** What the server tells its telemetry of one call or subscription as it starts. */
export interface TelemetryRequest {
  /** Dotted path of the procedure, e.g. `chat.send`. */
  readonly path: string;
  /** Whether it is a query, a mutation or a subscription. */
  readonly kind: ProcedureKind;
  /**
   * The client's trace context, from the call frame (or, over HTTP, the `traceparent` header):
   * the parent of the server's span. Undefined when the client sent none.
   */
  readonly trace: TraceContext | undefined;
}

/**
 * The span of one call or subscription, made by {@link ServerTelemetry.start}. For a call it ends
 * when the outcome is known (before the answer is sent); for a subscription when its stream
 * completes, fails, or is stopped by the client or a disconnect.
 */
export interface TelemetrySpan {
  /**
   * Runs `fn` (validation, the middleware and the handler, and for a subscription the whole
   * stream) with this span as the active one, so spans the handler makes are its children.
   */
  run<T>(fn: () => T): T;
  /**
   * Ends the span. `error` is the failure the client is told of, undefined for a success; a
   * `CANCELLED` error is a request the client stopped (or lost its connection), not a failure.
   */
  end(error: SerializedRpcError | undefined): void;
}

/**
 * What the server reports to a tracing and metrics system: a span per call and subscription, and
 * counts of connections and dropped events. `opentelemetry()` from `@wirecall/server/opentelemetry`
 * makes one over `@opentelemetry/api`; any other system can implement it. Without the server's
 * `telemetry` option none of it is called.
 */
export interface ServerTelemetry {
  /** A call or subscription starts (after its frame was checked, before its input is). */
  start(request: TelemetryRequest): TelemetrySpan;
  /** A connection opened (a WebSocket, an event stream, or one HTTP request of calls). */
  connectionOpened(): void;
  /** A connection that {@link connectionOpened} counted closed. */
  connectionClosed(): void;
  /** A subscription's overflow policy dropped `count` events its client was too slow for. */
  eventsDropped(path: string, count: number): void;
}
