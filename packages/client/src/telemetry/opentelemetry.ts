/**
 * Tracing for `@wirecall/client` over `@opentelemetry/api` (an optional peer dependency: only
 * this entry point imports it). Bring your own SDK.
 * @module
 */
import {
  type Attributes,
  context,
  type Meter,
  metrics,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { RpcError, TraceContext } from '@wirecall/core';
import { formatTraceparent } from '@wirecall/core/internal';
import type {
  ClientTelemetry,
  ClientTelemetryRequest,
  ClientTelemetrySpan,
} from './ClientTelemetry.js';

/** The instrumentation scope of the client's spans and metrics. */
const SCOPE = '@wirecall/client';

/** Options of {@link opentelemetry}. */
export interface OpenTelemetryOptions {
  /** Where spans go. @default trace.getTracer('@wirecall/client') (the global tracer provider) */
  tracer?: Tracer;
  /** Where metrics go. @default metrics.getMeter('@wirecall/client') (the global meter provider) */
  meter?: Meter;
}

/**
 * The client's telemetry over OpenTelemetry, for the `telemetry` option: a `CLIENT` span per
 * query and mutation named after the procedure path (a child of the span active where the call
 * is made), with `rpc.system.name` = `wirecall`, `rpc.method`, `rpc.status_code` and `error.type`
 * on failure; its W3C trace context travels in the call frame, so the server's span is its child
 * over WebSocket and HTTP alike. Metric: `rpc.client.call.duration` (seconds).
 * @example
 * import { opentelemetry } from '@wirecall/client/opentelemetry';
 * const client = createClient(api, { url, telemetry: opentelemetry() });
 */
export function opentelemetry(options: OpenTelemetryOptions = {}): ClientTelemetry {
  const tracer = options.tracer ?? trace.getTracer(SCOPE);
  const meter = options.meter ?? metrics.getMeter(SCOPE);
  const duration = meter.createHistogram('rpc.client.call.duration', {
    description: 'Duration of calls (queries and mutations), from the call to its outcome',
    unit: 's',
  });
  return {
    start({ path, kind }: ClientTelemetryRequest): ClientTelemetrySpan {
      const base: Attributes = { 'rpc.system.name': 'wirecall', 'rpc.method': path };
      const span = tracer.startSpan(
        path,
        { kind: SpanKind.CLIENT, attributes: { ...base, 'wirecall.procedure.kind': kind } },
        context.active(),
      );
      const spanContext = span.spanContext();
      const traceparent = formatTraceparent(spanContext);
      const tracestate = spanContext.traceState?.serialize();
      const carrier: TraceContext | undefined =
        traceparent === undefined
          ? undefined
          : tracestate
            ? { traceparent, tracestate }
            : { traceparent };
      const startedAt = performance.now();
      let ended = false;
      return {
        trace: carrier,
        end(error: RpcError | undefined) {
          if (ended) return;
          ended = true;
          const status = error?.code ?? 'OK';
          const attributes: Attributes = error
            ? { ...base, 'rpc.status_code': status, 'error.type': status }
            : { ...base, 'rpc.status_code': status };
          span.setAttributes(attributes);
          if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          span.end();
          duration.record((performance.now() - startedAt) / 1_000, attributes);
        },
      };
    },
  };
}
