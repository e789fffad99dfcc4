import type { RpcError, TraceContext } from '@wirecall/core';

/** What the client tells its telemetry of one call as it starts. */
export interface ClientTelemetryRequest {
  /** Dotted path of the procedure, e.g. `chat.send`. */
  readonly path: string;
  /** Whether it is a query or a mutation. */
  readonly kind: 'query' | 'mutation';
}

/** The span of one call on the client, made by {@link ClientTelemetry.start}. */
export interface ClientTelemetrySpan {
  /**
   * The span's W3C trace context, sent in the call frame so the server's span is its child;
   * undefined to send none (a span that is not sampled or has no valid ids).
   */
  readonly trace: TraceContext | undefined;
  /** Ends the span: `error` is what the call rejected with, undefined when it resolved. */
  end(error: RpcError | undefined): void;
}

/**
 * What the client reports to a tracing system: a span per query and mutation, whose trace
 * context goes to the server in the call frame. `opentelemetry()` from
 * `@wirecall/client/opentelemetry` makes one over `@opentelemetry/api`.
 */
export interface ClientTelemetry {
  /** A call starts (when the code calls it, before it is queued). */
  start(request: ClientTelemetryRequest): ClientTelemetrySpan;
}
