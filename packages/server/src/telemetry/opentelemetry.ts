/**
 * Tracing and metrics for `@wirecall/server` over `@opentelemetry/api` (an optional peer
 * dependency: only this entry point imports it). Bring your own SDK.
 * @module
 */
import {
  type Attributes,
  type Context,
  context,
  createTraceState,
  type Meter,
  metrics,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { SerializedRpcError, TraceContext } from '@wirecall/core';
import { parseTraceparent } from '@wirecall/core/internal';
import type { ServerTelemetry, TelemetryRequest, TelemetrySpan } from './ServerTelemetry.js';

/** The instrumentation scope of the server's spans and metrics. */
const SCOPE = '@wirecall/server';

/** Options of {@link opentelemetry}. */
export interface OpenTelemetryOptions {
  /** Where spans go. @default trace.getTracer('@wirecall/server') (the global tracer provider) */
  tracer?: Tracer;
  /** Where metrics go. @default metrics.getMeter('@wirecall/server') (the global meter provider) */
  meter?: Meter;
}

/** The span context the client sent, as the parent of the server's span. */
function parentOf(carrier: TraceContext | undefined): Context {
  const active = context.active();
  const parts = carrier && parseTraceparent(carrier.traceparent);
  if (!parts) return active;
  return trace.setSpanContext(active, {
    ...parts,
    isRemote: true,
    ...(carrier.tracestate ? { traceState: createTraceState(carrier.tracestate) } : {}),
  });
}

/**
 * The server's telemetry over OpenTelemetry, for the `telemetry` option: a `SERVER` span per call
 * and per subscription named after the procedure path, following the RPC semantic conventions
 * (`rpc.system.name` = `wirecall`, `rpc.method`, `rpc.status_code` = `OK` or the error code,
 * `error.type` on failure), a child of the client's span when the call frame (or the HTTP
 * `traceparent` header) carries one. A subscription's span lasts as long as its stream. Metrics:
 * `rpc.server.call.duration` (seconds), `wirecall.server.calls`,
 * `wirecall.server.connections.active`, `wirecall.server.subscriptions.active`,
 * `wirecall.server.events.dropped` and `wirecall.server.rate_limited`.
 * @example
 * import { opentelemetry } from '@wirecall/server/opentelemetry';
 * createServer(api, { handlers, telemetry: opentelemetry() });
 */
export function opentelemetry(options: OpenTelemetryOptions = {}): ServerTelemetry {
  const tracer = options.tracer ?? trace.getTracer(SCOPE);
  const meter = options.meter ?? metrics.getMeter(SCOPE);
  const duration = meter.createHistogram('rpc.server.call.duration', {
    description: 'Duration of calls (queries and mutations), from their frame to their outcome',
    unit: 's',
    advice: {
      explicitBucketBoundaries: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    },
  });
  const calls = meter.createCounter('wirecall.server.calls', {
    description: 'Calls (queries and mutations) answered, by procedure and status',
    unit: '{call}',
  });
  const connections = meter.createUpDownCounter('wirecall.server.connections.active', {
    description: 'Open connections: WebSockets, event streams and HTTP requests of calls',
    unit: '{connection}',
  });
  const subscriptions = meter.createUpDownCounter('wirecall.server.subscriptions.active', {
    description: 'Running subscriptions, by procedure',
    unit: '{subscription}',
  });
  const dropped = meter.createCounter('wirecall.server.events.dropped', {
    description: 'Events an overflow policy dropped for subscribers that read too slowly',
    unit: '{event}',
  });
  const rateLimited = meter.createCounter('wirecall.server.rate_limited', {
    description: 'Calls and subscription starts refused by a rate limit',
    unit: '{request}',
  });

  const start = ({ path, kind, trace: carrier }: TelemetryRequest): TelemetrySpan => {
    const base: Attributes = { 'rpc.system.name': 'wirecall', 'rpc.method': path };
    const parent = parentOf(carrier);
    const span = tracer.startSpan(
      path,
      { kind: SpanKind.SERVER, attributes: { ...base, 'wirecall.procedure.kind': kind } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    const startedAt = performance.now();
    if (kind === 'subscription') subscriptions.add(1, base);
    let ended = false;
    return {
      run: (fn) => context.with(active, fn),
      end(error: SerializedRpcError | undefined) {
        if (ended) return;
        ended = true;
        const status = error?.code ?? 'OK';
        // A request the client stopped is no failure of the server's.
        const failed = error !== undefined && error.code !== 'CANCELLED';
        const attributes: Attributes = failed
          ? { ...base, 'rpc.status_code': status, 'error.type': status }
          : { ...base, 'rpc.status_code': status };
        span.setAttributes(attributes);
        if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        span.end();
        if (kind === 'subscription') subscriptions.add(-1, base);
        else {
          duration.record((performance.now() - startedAt) / 1_000, attributes);
          calls.add(1, attributes);
        }
        if (status === 'RATE_LIMITED') rateLimited.add(1, base);
      },
    };
  };

  return {
    start,
    connectionOpened: () => connections.add(1),
    connectionClosed: () => connections.add(-1),
    eventsDropped: (path, count) =>
      dropped.add(count, { 'rpc.system.name': 'wirecall', 'rpc.method': path }),
  };
}
